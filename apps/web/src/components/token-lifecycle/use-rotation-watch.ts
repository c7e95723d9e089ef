import type { RotationView } from '@tokens/core'
import { onScopeDispose, watch } from 'vue'

/** How often a page with a rotation in progress reads the token again. */
export const ROTATION_WATCH_MS = 10_000

/**
 * After this long without the user's input the watch pauses until the next input. Each read
 * extends the session's idle time (30 minutes) like any request, so a console left open on a
 * rotation (overlaps run up to 7 days) would never sign out: paused, it signs out at the latest
 * 45 minutes after the user's last input.
 */
export const ROTATION_WATCH_IDLE_MS = 15 * 60_000

/** What counts as the user being there. */
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const

export interface RotationWatchOptions {
  /** The token the page shows now: a read that answers after another token was opened says nothing. */
  tokenId: () => string | undefined
  /** The rotation the page shows now (null: none in progress). */
  rotation: () => RotationView | null | undefined
  /** Reads the token again and puts it on the page. */
  refresh: () => Promise<void>
  /** Called once when a refresh finds the rotation shown before gone: it ended by time, by traffic or elsewhere. */
  onEnded: () => void
  intervalMs?: number
  idleMs?: number
  now?: () => number
}

/**
 * A rotation ends on its own (its overlap runs out, traffic confirms it, or someone retires the old
 * auth token in another tab), so while one is in progress the page reads the token again every few
 * seconds, and just after the overlap's end: both auth tokens' last use stays current and the panel
 * goes when the rotation does. A hidden tab asks nothing until it is shown again, nor one the user
 * has left alone for ROTATION_WATCH_IDLE_MS until their next input; a failed read is tried again at
 * the next tick (the page keeps what it showed).
 */
export function useRotationWatch(options: RotationWatchOptions): void {
  const interval = options.intervalMs ?? ROTATION_WATCH_MS
  const idle = options.idleMs ?? ROTATION_WATCH_IDLE_MS
  const now = options.now ?? Date.now
  let timer: ReturnType<typeof setTimeout> | undefined
  let waitingForVisible = false
  let waitingForInput = false
  let disposed = false
  let lastInputAt = now()
  const onInput = () => {
    lastInputAt = now()
    if (waitingForInput) resume()
  }
  for (const type of INPUT_EVENTS) document.addEventListener(type, onInput, { capture: true, passive: true })

  const stop = () => {
    clearTimeout(timer)
    timer = undefined
    if (waitingForVisible) document.removeEventListener('visibilitychange', onVisible)
    waitingForVisible = false
    waitingForInput = false
  }

  async function tick(): Promise<void> {
    timer = undefined
    if (document.visibilityState === 'hidden') {
      waitingForVisible = true
      document.addEventListener('visibilitychange', onVisible)
      return
    }
    if (now() - lastInputAt >= idle) {
      waitingForInput = true
      return
    }
    const before = options.rotation()
    const token = options.tokenId()
    try {
      await options.refresh()
    } catch {
      // Kept as shown; the next tick reads again.
    }
    // The page may have been left while the read was in flight: nothing more to watch.
    if (disposed) return
    // Another token opened meanwhile: its missing rotation says nothing about the one read here.
    if (before && !options.rotation() && options.tokenId() === token) options.onEnded()
    else schedule(options.rotation())
  }

  function onVisible(): void {
    if (document.visibilityState === 'hidden') return
    resume()
  }

  function resume(): void {
    stop()
    void tick()
  }

  function schedule(rotation: RotationView | null | undefined): void {
    stop()
    if (!rotation) return
    // Sooner only for the overlap's end still ahead; once past it (a read that failed, or a clock ahead
    // of the server's, which still shows the rotation) the interval again, never a loop of reads.
    const untilEnd = Date.parse(rotation.endsAt) - now() + 1_000
    timer = setTimeout(() => void tick(), untilEnd > 0 ? Math.min(interval, untilEnd) : interval)
  }

  watch(options.rotation, (rotation) => schedule(rotation), { immediate: true })
  onScopeDispose(() => {
    disposed = true
    stop()
    for (const type of INPUT_EVENTS) document.removeEventListener(type, onInput, { capture: true })
  })
}
