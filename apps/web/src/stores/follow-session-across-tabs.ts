import type { SessionView } from '@tokens/core'
import type { SessionChannel, SessionIdentity } from './session-channel'
import type { useSessionStore } from './session-store'

type SessionStore = ReturnType<typeof useSessionStore>

export function identityOf(session: SessionView | null): SessionIdentity {
  return session ? { userId: session.user.id, accountId: session.account.id } : null
}

/**
 * What another tab's sign-in or sign-out means here. The browser holds one session cookie for all
 * tabs, so this tab's session is always the one announced last:
 * - `none`: this tab already shows it (both signed out);
 * - `renewed`: the same user signed in again: only the session's CSRF token is new;
 * - `signedOut`: nobody is signed in any more;
 * - `switched`: someone else is signed in now (or someone, where this tab showed the sign-in page).
 */
export function sessionChangeOf(
  here: SessionIdentity,
  there: SessionIdentity,
): 'none' | 'renewed' | 'signedOut' | 'switched' {
  if (!there) return here ? 'signedOut' : 'none'
  if (here && here.userId === there.userId && here.accountId === there.accountId) return 'renewed'
  return 'switched'
}

/**
 * Keeps this tab on the browser's one session: announces this tab's sign-in and sign-out to the
 * others, and follows theirs. The shell of an account no longer signed in never stays on screen
 * (its writes would fail on CSRF and its data belongs to someone else): the session is forgotten
 * here, then `signedOut` (to the sign-in page) or `switched` (a reload into the new session) runs.
 * Answers a function that stops both.
 */
export function followSessionAcrossTabs(
  session: SessionStore,
  channel: SessionChannel,
  on: { signedOut: () => void; switched: () => void },
): () => void {
  const stopAnnouncing = session.$onAction(({ name, after }) => {
    // Only this tab's own sign-in and sign-out: a session forgotten because of another tab is not news.
    if (name === 'login' || name === 'logout') after(() => channel.announce(identityOf(session.session)))
  })
  const stopListening = channel.listen((there) => {
    const change = sessionChangeOf(identityOf(session.session), there)
    if (change === 'renewed') {
      // This tab's CSRF token is the old session's: take the new one (a failure here leaves the next
      // request to find out, as without this channel).
      session.load().then(
        () => session.signedIn || on.signedOut(),
        () => {},
      )
    } else if (change !== 'none') {
      session.forget()
      if (change === 'signedOut') on.signedOut()
      else on.switched()
    }
  })
  return () => {
    stopAnnouncing()
    stopListening()
  }
}
