import { z } from 'zod'
import { ACCOUNT_KINDS, type AccountKind as AccountKindName } from './api-version-lines.js'

export {
  ACCOUNT_KINDS,
  API_VERSIONS,
  apiVersionRank,
  apiVersionsOf,
  isApiVersionOf,
  isLatestApiVersion,
  latestApiVersion,
  upgradeTargets,
} from './api-version-lines.js'

export const AccountKind = z.enum(ACCOUNT_KINDS)
export type AccountKind = AccountKindName

export const ApiVersion = z.string().regex(/^v\d{1,3}$/)
export type ApiVersion = z.infer<typeof ApiVersion>
