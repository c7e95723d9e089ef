/** How much of a limited text field is used, counted as the core's schemas count it. */
export interface TextLimit {
  count: number
  max: number
  /** Characters beyond the limit (0 when within it). */
  over: number
}

/**
 * The core trims a name or description and then checks its length (UTF-16 code units, zod's
 * `.max`), so the counter counts the same way: what it says is what the server will accept.
 * @example textLimitOf('  Nightly export ', 100) // { count: 14, max: 100, over: 0 }
 */
export function textLimitOf(value: string, max: number): TextLimit {
  const count = value.trim().length
  return { count, max, over: Math.max(0, count - max) }
}
