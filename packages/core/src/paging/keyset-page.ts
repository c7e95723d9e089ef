import { z } from 'zod'

/**
 * A page of a keyset-paged list (tokens, audit events, e-mail deliveries), newest first: pass
 * `nextCursor` back as `cursor` for the next page; null on the last.
 */
export const KeysetPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })
