import type { LegacyAccess } from '@tokens/core'

/**
 * The two legacy credentials as the admin routes address them: by the path segment after
 * `/api/legacy-tokens/` and by the title their operations' summaries use.
 */
export const LEGACY_CREDENTIALS = [
  { access: 'read_write', segment: 'read-write', title: 'Read/Write' },
  { access: 'read_only', segment: 'read-only', title: 'Read-Only' },
] as const satisfies readonly { access: LegacyAccess; segment: string; title: string }[]
