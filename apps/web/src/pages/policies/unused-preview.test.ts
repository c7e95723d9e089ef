import type { UnusedTokensPreview } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { useUnusedPreview } from './unused-preview'

const preview = (days: number): UnusedTokensPreview => ({
  days,
  total: 1,
  items: [{ id: 'tok_1', name: 'Old sync', lastUsedAt: null, createdAt: '2026-01-01T00:00:00.000Z' }],
})

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('the unused-token preview state', () => {
  it('asks for the days chosen and holds the answer', async () => {
    const previewUnused = vi.fn(async (days?: number) => preview(days ?? 0))
    const { state, load } = useUnusedPreview({ policies: { previewUnused } } as never)
    const loading = load(90)
    expect(state.value).toEqual({ status: 'loading', days: 90 })
    await loading
    expect(previewUnused).toHaveBeenCalledWith(90)
    expect(state.value).toEqual({ status: 'ready', days: 90, preview: preview(90) })
  })

  it('keeps the failure for a Retry', async () => {
    const failure = new ApiError(0, 'NetworkUnavailable')
    const { state, load } = useUnusedPreview({
      policies: { previewUnused: vi.fn().mockRejectedValue(failure) },
    } as never)
    await load(30)
    expect(state.value).toEqual({ status: 'error', days: 30, error: failure })
  })

  it('shows only the latest answer, and none once the days changed', async () => {
    const slow = deferred<UnusedTokensPreview>()
    const previewUnused = vi.fn().mockReturnValueOnce(slow.promise).mockResolvedValueOnce(preview(60))
    const { state, load, clear } = useUnusedPreview({ policies: { previewUnused } } as never)
    const first = load(30)
    await load(60)
    slow.resolve(preview(30))
    await first
    expect(state.value).toMatchObject({ status: 'ready', days: 60 })

    const third = deferred<UnusedTokensPreview>()
    previewUnused.mockReturnValueOnce(third.promise)
    const pending = load(90)
    clear()
    third.resolve(preview(90))
    await pending
    expect(state.value).toEqual({ status: 'idle' })
  })
})
