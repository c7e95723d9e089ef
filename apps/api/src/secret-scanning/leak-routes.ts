import { jsonAnswer, jsonBody, Legacy, TokenEnvelopeSchema } from '../docs/component-schemas.js'
import { clientAddress } from '../http/client-address.js'
import { adminRouteGroup } from '../http/admin-route.js'
import { LEGACY_CREDENTIALS } from '../legacy/legacy-credentials.js'
import { CredentialCheckThrottle } from './credential-check-throttle.js'
import { CredentialCheckAnswer, CredentialCheckBody } from './leak-schemas.js'

/** The admin side of leaked credentials: "mark as handled" and the credential check (issue 16). */
export const registerLeakRoutes = adminRouteGroup(['Tokens'], (route, deps) => {
  const { core, trustProxy } = deps
  const throttle = new CredentialCheckThrottle(
    { perUser: deps.limits.credentialChecksPerUser, perAddress: deps.limits.credentialChecksPerAddress },
    () => deps.now().getTime(),
    core.sharedLimits,
  )

  route(
    'POST /api/tokens/{id}/leak/handled',
    {
      summary: "Mark a token's reported leak as handled",
      description:
        "Clears `token.leak` (every leak of the token reported so far); audited as `token.leak_handled`. The token's state is left as it is.",
      responses: jsonAnswer(200, 'The token, without a leak.', TokenEnvelopeSchema),
    },
    async (c) =>
      c.json({ token: await core.leaks.markHandled(c.get('actor'), c.req.valid('param').id) }, 200),
  )

  route(
    'POST /api/credential-check',
    {
      summary: 'Check whether a string is one of our auth tokens',
      description:
        "For a string found somewhere (a log, a paste): `this-account` with the `tokenId`, `not-yours` (another account's; nothing more is said), or `unknown`. A string that fails the format check (prefix, length, checksum) is `unknown` without a lookup. Token managers only; throttled per user and per address (429 TooManyAttempts); audited as `credential.check` with the answer, never the string.",
      request: { body: jsonBody(CredentialCheckBody) },
      responses: jsonAnswer(200, 'Whose credential it is.', CredentialCheckAnswer),
      problems: [429],
    },
    async (c) => {
      const actor = c.get('actor')
      const userId = actor.actor.type === 'user' ? actor.actor.userId : actor.actor.tokenId
      const address = clientAddress(c, trustProxy)
      // Counted once the core has accepted the caller: a refused Analyst uses up no one's allowance.
      const result = await core.leaks.checkCredential(actor, c.req.valid('json'), () =>
        throttle.take(userId, address),
      )
      return c.json(result, 200)
    },
  )

  for (const { access, segment, title } of LEGACY_CREDENTIALS) {
    route(
      `POST /api/legacy-tokens/${segment}/leak/handled`,
      {
        tags: ['Legacy tokens'],
        summary: `Mark the ${title} legacy token's reported leak as handled`,
        description: `Clears \`leak\` of the ${title} credential (every leak of it reported so far); audited as \`token.leak_handled\`. 409 LegacyNotEnabled while legacy tokens are off.`,
        responses: jsonAnswer(200, 'The legacy tokens.', Legacy),
        problems: [409],
      },
      async (c) => c.json(await core.leaks.markLegacyHandled(c.get('actor'), access), 200),
    )
  }
})
