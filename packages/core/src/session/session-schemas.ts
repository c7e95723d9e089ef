import { z } from 'zod'
import { AccountKind } from '../accounts/account-kinds.js'
import { Role } from '../access/roles.js'
import { Locale } from '../i18n/locales.js'

export const LoginInput = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(1).max(1_024),
})
export type LoginInput = z.infer<typeof LoginInput>

export const UserView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  locale: Locale.nullable(),
})
export type UserView = z.infer<typeof UserView>

export const AccountView = z.object({
  id: z.string(),
  kind: AccountKind,
  name: z.string(),
  legacyEnabledAt: z.iso.datetime().nullable(),
})
export type AccountView = z.infer<typeof AccountView>

export const SessionView = z.object({ user: UserView, account: AccountView, csrfToken: z.string() })
export type SessionView = z.infer<typeof SessionView>

export const UpdatePreferencesInput = z.strictObject({ locale: Locale })
export type UpdatePreferencesInput = z.infer<typeof UpdatePreferencesInput>

/** The primary-contact picker's entries: no roles or e-mail domains beyond what is needed. */
export const UserSummary = z.object({ id: z.string(), name: z.string(), email: z.string() })
export type UserSummary = z.infer<typeof UserSummary>
