import { describe, expect, it } from 'vitest'
import { requestsByTokenOf } from './weekly-requests'

describe('requestsByTokenOf', () => {
  it('maps each listed token to its total over the range', () => {
    const counts = { ok: 0, clientError: 0, refused: 0, rateLimited: 0, serverError: 0 }
    const map = requestsByTokenOf({
      tokens: [
        {
          tokenId: 'a',
          kind: 'scoped',
          name: 'A',
          total: 120,
          counts,
          lastCallAt: '2026-11-30T10:00:00.000Z',
        },
        { tokenId: 'b', kind: 'scoped', name: 'B', total: 3, counts, lastCallAt: '2026-11-29T10:00:00.000Z' },
      ],
    })
    expect([...map]).toEqual([
      ['a', 120],
      ['b', 3],
    ])
  })
})
