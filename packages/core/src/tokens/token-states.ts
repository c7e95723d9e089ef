// No schema here: the SPA's State filter lists the states without loading zod.
export const TOKEN_STATES = ['enabled', 'disabled'] as const
