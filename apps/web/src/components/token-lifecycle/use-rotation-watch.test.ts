import type { RotationView } from '@tokens/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useRotationWatch } from './use-rotation-watch'

const NOW = Date.parse('2026-11-30T12:00:00Z')

function rotation(endsInMs: number): RotationView {
  return {
    startedAt: new Date(NOW - 60_000).toISOString(),
    endsAt: new Date(NOW + endsInMs).toISOString(),
    confirmByTraffic: null,
    oldLastUsedAt: null,
    newLastUsedAt: null,
  }
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

/**
 * Watches `initial` every 10 s; each read shows the next of `serverAnswers`, or runs `readAgain`
 * when given instead.
 */
function watchWith(
  initial: RotationView | null,
  serverAnswers: (RotationView | null)[],
  readAgain?: () => Promise<void>,
) {
  const shown = shallowRef<RotationView | null>(initial)
  const refresh =
    readAgain ??
    vi.fn(async () => {
      if (serverAnswers.length) shown.value = serverAnswers.shift() ?? null
    })
  const onEnded = vi.fn()
  const tokenId = shallowRef('tok_a')
  const scope = effectScope()
  scope.run(() =>
    useRotationWatch({
      tokenId: () => tokenId.value,
      rotation: () => shown.value,
      refresh,
      onEnded,
      intervalMs: 10_000,
      now: Date.now,
    }),
  )
  return { shown, tokenId, refresh, onEnded, scope }
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW })
  setVisibility('visible')
})
afterEach(() => {
  vi.useRealTimers()
})

describe('watching a rotation in progress', () => {
  it('reads the token again every interval while a rotation runs, and not at all without one', async () => {
    const idle = watchWith(null, [])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(idle.refresh).not.toHaveBeenCalled()
    idle.scope.stop()

    const running = watchWith(rotation(3_600_000), [rotation(3_600_000), rotation(3_600_000)])
    await vi.advanceTimersByTimeAsync(9_999)
    expect(running.refresh).toHaveBeenCalledTimes(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(running.refresh).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(running.refresh).toHaveBeenCalledTimes(2)
    running.scope.stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(running.refresh).toHaveBeenCalledTimes(2)
  })

  it('says the rotation ended once, when a read finds it gone, and then stops reading', async () => {
    const watched = watchWith(rotation(3_600_000), [rotation(3_600_000), null])
    await vi.advanceTimersByTimeAsync(20_000)
    expect(watched.onEnded).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(watched.refresh).toHaveBeenCalledTimes(2)
    expect(watched.onEnded).toHaveBeenCalledTimes(1)
  })

  it('does not say so when the page itself removed the rotation (Retire old auth token now here)', async () => {
    const watched = watchWith(rotation(3_600_000), [])
    watched.shown.value = null
    await nextTick()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(watched.refresh).not.toHaveBeenCalled()
    expect(watched.onEnded).not.toHaveBeenCalled()
  })

  it('reads again just after the overlap ends when that comes before the next interval', async () => {
    const watched = watchWith(rotation(2_000), [null])
    await vi.advanceTimersByTimeAsync(2_999)
    expect(watched.refresh).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(watched.refresh).toHaveBeenCalledTimes(1)
    expect(watched.onEnded).toHaveBeenCalledTimes(1)
  })

  it('asks nothing while the tab is hidden and reads at once when it is shown again', async () => {
    const watched = watchWith(rotation(3_600_000), [rotation(3_600_000), rotation(3_600_000)])
    setVisibility('hidden')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(watched.refresh).not.toHaveBeenCalled()
    setVisibility('visible')
    await vi.advanceTimersByTimeAsync(0)
    expect(watched.refresh).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(watched.refresh).toHaveBeenCalledTimes(2)
  })

  it('pauses once the user has done nothing for the idle time, and reads at once at their next input', async () => {
    // Every read extends the session: an unattended console on a rotation would never sign out.
    const watched = watchWith(rotation(7 * 86_400_000), [])
    await vi.advanceTimersByTimeAsync(15 * 60_000)
    const readsWhileThere = vi.mocked(watched.refresh).mock.calls.length
    expect(readsWhileThere).toBeGreaterThanOrEqual(89)
    await vi.advanceTimersByTimeAsync(60 * 60_000)
    expect(watched.refresh).toHaveBeenCalledTimes(readsWhileThere)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(watched.refresh).toHaveBeenCalledTimes(readsWhileThere + 1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(watched.refresh).toHaveBeenCalledTimes(readsWhileThere + 2)
    watched.scope.stop()
  })

  it('keeps watching after a failed read', async () => {
    const refresh = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined)
    const watched = watchWith(rotation(3_600_000), [], refresh)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(refresh).toHaveBeenCalledTimes(2)
    watched.scope.stop()
  })

  it('reads at the interval, not in a loop, once the overlap has ended but the rotation is still shown', async () => {
    const refresh = vi.fn().mockRejectedValue(new Error('offline'))
    const watched = watchWith(rotation(-60_000), [], refresh)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(refresh).toHaveBeenCalledTimes(3)
    watched.scope.stop()
  })

  /** Watches a rotation until its first read is in flight; `answer` lets that read answer. */
  async function watchUntilAReadIsInFlight() {
    let answer: () => void = () => undefined
    const refresh = vi.fn(() => new Promise<void>((resolve) => (answer = resolve)))
    const watched = watchWith(rotation(3_600_000), [], refresh)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(refresh).toHaveBeenCalledTimes(1)
    return { ...watched, refresh, answer: () => answer() }
  }

  it('starts nothing more when the page is left while a read is in flight', async () => {
    const { answer, refresh, ...watched } = await watchUntilAReadIsInFlight()
    watched.scope.stop()
    answer()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('does not say a rotation ended when another token was opened while the read was in flight', async () => {
    const { answer, ...watched } = await watchUntilAReadIsInFlight()
    // The page now shows token B, without a rotation; the read of token A answers after that.
    watched.tokenId.value = 'tok_b'
    watched.shown.value = null
    await nextTick()
    answer()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(watched.onEnded).not.toHaveBeenCalled()
    watched.scope.stop()
  })
})
