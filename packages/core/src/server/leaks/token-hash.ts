import { createHash } from 'node:crypto'

/**
 * SHA-256 (hex) of an auth token: how a leak record, a secret a leak response ended and the
 * secret-scanning answer name it. Unkeyed, so it stays the same across master-key rotations; safe
 * only because the secret has over 160 random bits (docs/SECURITY.md "Leaked credentials").
 */
export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}
