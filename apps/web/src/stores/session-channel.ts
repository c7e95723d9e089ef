/** Who is signed in, as one tab tells the others: ids only, never the session's secrets. */
export type SessionIdentity = { userId: string; accountId: string } | null

/** The console's tabs of this browser telling each other who signed in or out. */
export interface SessionChannel {
  announce(identity: SessionIdentity): void
  /** Calls `listener` with what another tab announced; answers a function that stops it. */
  listen(listener: (identity: SessionIdentity) => void): () => void
  close(): void
}

const CHANNEL_NAME = 'token-console.session'

function isIdentity(value: unknown): value is SessionIdentity {
  if (value === null) return true
  if (typeof value !== 'object') return false
  const { userId, accountId } = value as Record<string, unknown>
  return typeof userId === 'string' && typeof accountId === 'string'
}

/**
 * The channel between this browser's tabs of the console (same origin only). Without
 * BroadcastChannel (an old browser) announcements go nowhere: another tab then learns of the change
 * at its next request, which the server refuses (no session, or a CSRF token of the old one).
 */
export function openSessionChannel(): SessionChannel {
  if (typeof BroadcastChannel === 'undefined') return { announce() {}, listen: () => () => {}, close() {} }
  const channel = new BroadcastChannel(CHANNEL_NAME)
  return {
    announce(identity) {
      channel.postMessage({ signedIn: identity })
    },
    listen(listener) {
      const onMessage = (event: MessageEvent) => {
        const signedIn: unknown = (event.data as { signedIn?: unknown } | null)?.signedIn
        if (signedIn !== undefined && isIdentity(signedIn)) listener(signedIn)
      }
      channel.addEventListener('message', onMessage)
      return () => channel.removeEventListener('message', onMessage)
    },
    close() {
      channel.close()
    },
  }
}
