import type { SessionView } from '@tokens/core'
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { provideAdminApi } from '../api/admin-api-context'
import { makeSession } from '../test-support/console-fixtures'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { followSessionAcrossTabs, sessionChangeOf } from './follow-session-across-tabs'
import type { SessionChannel, SessionIdentity } from './session-channel'
import { useSessionStore } from './session-store'

/** Channels between tabs of one browser: what one announces, every other one hears (never itself). */
function browserTabs() {
  const listeners = new Map<SessionChannel, Set<(identity: SessionIdentity) => void>>()
  return function openChannel(): SessionChannel {
    const channel: SessionChannel = {
      announce(identity) {
        for (const [other, heard] of listeners)
          if (other !== channel) for (const hear of heard) hear(identity)
      },
      listen(listener) {
        listeners.get(channel)?.add(listener)
        return () => listeners.get(channel)?.delete(listener)
      },
      close() {
        listeners.delete(channel)
      },
    }
    listeners.set(channel, new Set())
    return channel
  }
}

let signIns = 0

/** One tab of the console: its own store on the browser's one cookie (`signedIn`), following the others. */
async function openTab(openChannel: () => SessionChannel, cookie: { session: SessionView | null }) {
  const api = fakeAdminApi({
    session: {
      get: vi.fn(async () => cookie.session),
      // Each sign-in is a new session, with a new CSRF token.
      login: vi.fn(async ({ email }: { email: string }) => {
        const session = makeSession()
        const user = { ...session.user, id: `usr_${email.split('@')[0]}`, email }
        cookie.session = { ...session, user, csrfToken: `csrf-${email}-${++signIns}` }
        return cookie.session
      }),
      logout: vi.fn(async () => {
        cookie.session = null
      }),
    },
  })
  const app = createApp({ render: () => null })
  const pinia = createPinia()
  provideAdminApi(app, api)
  app.use(pinia)
  const session = useSessionStore(pinia)
  await session.load()
  const on = { signedOut: vi.fn(), switched: vi.fn() }
  followSessionAcrossTabs(session, openChannel(), on)
  return { api, session, on }
}

describe('the session across tabs of one browser', () => {
  it('sends the other tabs to sign in, their session forgotten, when one tab signs out', async () => {
    const openChannel = browserTabs()
    const cookie = { session: makeSession() as SessionView | null }
    const [here, there] = [await openTab(openChannel, cookie), await openTab(openChannel, cookie)]

    await here.session.logout()
    expect(there.session.signedIn).toBe(false)
    expect(there.on.signedOut).toHaveBeenCalledTimes(1)
    expect(there.on.switched).not.toHaveBeenCalled()
    expect(here.on.signedOut).not.toHaveBeenCalled()
  })

  it('reloads the other tabs, the old account forgotten first, when one signs in as someone else', async () => {
    const openChannel = browserTabs()
    const cookie = { session: makeSession() as SessionView | null }
    const [here, there] = [await openTab(openChannel, cookie), await openTab(openChannel, cookie)]
    here.session.forget()

    await here.session.login({ email: 'impl@acme.test', password: 'demo-password' })
    expect(there.session.signedIn).toBe(false)
    expect(there.on.switched).toHaveBeenCalledTimes(1)
    expect(here.on.switched).not.toHaveBeenCalled()
  })

  it('takes the new session, quietly, in a tab of the same user signing in again elsewhere', async () => {
    const openChannel = browserTabs()
    const cookie = { session: makeSession() as SessionView | null }
    const [here, there] = [await openTab(openChannel, cookie), await openTab(openChannel, cookie)]
    here.session.forget()

    const again = await here.session.login({ email: 'admin@acme.test', password: 'demo-password' })
    expect(again.csrfToken).not.toBe('csrf-token-1')
    await vi.waitFor(() => expect(there.api.setCsrfToken).toHaveBeenLastCalledWith(again.csrfToken))
    expect(there.session.signedIn).toBe(true)
    expect(there.on.switched).not.toHaveBeenCalled()
    expect(there.on.signedOut).not.toHaveBeenCalled()
  })

  it.each([
    { case: 'both signed out', here: null, there: null, change: 'none' },
    { case: 'signed out there', here: { userId: 'u1', accountId: 'a1' }, there: null, change: 'signedOut' },
    {
      case: 'the same user',
      here: { userId: 'u1', accountId: 'a1' },
      there: { userId: 'u1', accountId: 'a1' },
      change: 'renewed',
    },
    {
      case: 'another user',
      here: { userId: 'u1', accountId: 'a1' },
      there: { userId: 'u2', accountId: 'a1' },
      change: 'switched',
    },
    {
      case: 'signed in there only',
      here: null,
      there: { userId: 'u1', accountId: 'a1' },
      change: 'switched',
    },
  ])('names the change: $case is $change', ({ here, there, change }) => {
    expect(sessionChangeOf(here, there)).toBe(change)
  })
})
