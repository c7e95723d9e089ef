import { z } from 'zod'
import { ROLES, type Role as RoleName } from './role-permissions.js'

export { ROLES, canManageApiTokens } from './role-permissions.js'

export const Role = z.enum(ROLES)
export type Role = RoleName
