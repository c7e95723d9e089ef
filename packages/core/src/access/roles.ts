import { z } from 'zod'
import { ROLES } from './role-permissions.js'

export { ROLES, canManageApiTokens } from './role-permissions.js'

export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>
