// No schema here: the SPA offers version upgrades before (and without) loading zod.
/** Each account kind has its own platform API with its own version line, oldest first. */
export const ACCOUNT_KINDS = ['brand', 'agency', 'partner'] as const
export type AccountKind = (typeof ACCOUNT_KINDS)[number]

export const API_VERSIONS = {
  brand: ['v12', 'v13', 'v14'],
  partner: ['v14', 'v15', 'v16'],
  agency: ['v1', 'v2', 'v3'],
} as const satisfies Record<AccountKind, readonly string[]>

export function apiVersionsOf(kind: AccountKind): readonly string[] {
  return API_VERSIONS[kind]
}

export function latestApiVersion(kind: AccountKind): string {
  const versions = API_VERSIONS[kind]
  return versions[versions.length - 1] as string
}

export function isApiVersionOf(kind: AccountKind, version: string): boolean {
  return (API_VERSIONS[kind] as readonly string[]).includes(version)
}

/** Position of a version in its kind's line, -1 when the version does not belong to the kind. */
export function apiVersionRank(kind: AccountKind, version: string): number {
  return (API_VERSIONS[kind] as readonly string[]).indexOf(version)
}

export function isLatestApiVersion(kind: AccountKind, version: string): boolean {
  return latestApiVersion(kind) === version
}

/** Versions a token on `current` may move to: strictly newer ones of the same kind. */
export function upgradeTargets(kind: AccountKind, current: string): string[] {
  const rank = apiVersionRank(kind, current)
  return (API_VERSIONS[kind] as readonly string[]).slice(rank + 1)
}
