import { TOKEN_NAME_MAX } from '../../tokens/token-text.js'
import type { Executor } from '../database/schema.js'

const NUMBER_SUFFIX = / \((\d{1,6})\)$/u

/** Cuts at a code-point boundary so the result fits `limit` UTF-16 units (the length names are checked in). */
function truncate(text: string, limit: number): string {
  let kept = ''
  for (const character of text) {
    if (kept.length + character.length > limit) break
    kept += character
  }
  return kept
}

/**
 * The name of a duplicate: the original's name with the first free ` (n)` suffix, n ≥ 2. Numbers
 * read the same in every language, so the stored name needs no translation, and the copy is told
 * apart from its source when someone decides which credential to revoke.
 */
export function duplicateName(name: string, takenNames: ReadonlySet<string>): string {
  const base = name.replace(NUMBER_SUFFIX, '')
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`
    const candidate = truncate(base, TOKEN_NAME_MAX - suffix.length).trimEnd() + suffix
    if (!takenNames.has(candidate)) return candidate
  }
}

/** The names a duplicate's name must not take: those of the account's scoped tokens. */
export async function takenScopedNames(trx: Executor, accountId: string): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('tokens')
    .select('name')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'scoped')
    .execute()
  return new Set(rows.map((row) => row.name))
}
