// No schema here: the SPA's State filter lists the states without loading zod.
export const TOKEN_STATES = ['enabled', 'disabled', 'expired'] as const
/** What is stored; `expired` is derived from the expiry at the time of asking. */
export const STORED_TOKEN_STATES = ['enabled', 'disabled'] as const
