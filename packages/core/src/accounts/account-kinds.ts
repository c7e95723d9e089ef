import { z } from 'zod'
import { ACCOUNT_KINDS } from './api-version-lines.js'

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
export type AccountKind = z.infer<typeof AccountKind>

export const ApiVersion = z.string().regex(/^v\d{1,3}$/)
export type ApiVersion = z.infer<typeof ApiVersion>
