import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Locale } from '@tokens/core'
import type { ActorContext, SessionContext, VerifiedCredential } from '@tokens/core/server'

/** What every handler can read from the context. */
export interface AppEnv {
  /** Present under @hono/node-server; absent when tests call `app.request`. */
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse }
  Variables: {
    requestId: string
    /** The signed-in user's saved language (admin API): problems use it before Accept-Language. */
    userLocale: Locale | undefined
    session: SessionContext
    credential: VerifiedCredential
    /** Who acts, for which account, from where: handed to every core call. */
    actor: ActorContext
  }
}
