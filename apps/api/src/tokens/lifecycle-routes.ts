import {
  jsonAnswer,
  jsonBody,
  TokenEnvelopeSchema,
  TokenWithCredentialsSchema,
} from '../docs/component-schemas.js'
import { RenewBody, RotateBody } from '../docs/lifecycle-schemas.js'
import { adminRouteGroup } from '../http/admin-route.js'

/** Renewal of a token's expiry and rotation with overlap (issue 15). */
export const registerLifecycleRoutes = adminRouteGroup(['Tokens'], (route, { core }) => {
  route(
    'POST /api/tokens/{id}/renew',
    {
      summary: "Renew a token's expiry",
      description:
        "Sets a new expiry within the account's policy; the credentials stay the same, and an expired token verifies again.",
      request: { body: jsonBody(RenewBody) },
      responses: jsonAnswer(200, 'The renewed token.', TokenEnvelopeSchema),
    },
    async (c) =>
      c.json(
        { token: await core.lifecycle.renew(c.get('actor'), c.req.valid('param').id, c.req.valid('json')) },
        200,
      ),
  )

  route(
    'POST /api/tokens/{id}/rotate',
    {
      summary: "Rotate a token's auth token with an overlap",
      description:
        'Issues a new auth token while the previous one keeps working until the overlap ends or traffic confirms the switch (see the body); `token.rotation` shows the rotation and which auth token was last used. 409 RotationInProgress while a rotation is in progress. The answer holds the new auth token (Cache-Control: no-store).',
      request: { body: jsonBody(RotateBody, { required: false }) },
      responses: jsonAnswer(
        200,
        'The token and its new credentials (Cache-Control: no-store).',
        TokenWithCredentialsSchema,
      ),
      problems: [409],
    },
    async (c) =>
      c.json(
        await core.lifecycle.rotate(c.get('actor'), c.req.valid('param').id, c.req.valid('json') ?? {}),
        200,
      ),
  )

  route(
    'POST /api/tokens/{id}/rotation/complete',
    {
      summary: 'Retire the previous auth token now',
      description:
        'Ends the rotation in progress: the previous auth token stops working from the next request on, on every instance. 409 NoRotationInProgress without one.',
      responses: jsonAnswer(200, 'The token, its rotation ended.', TokenEnvelopeSchema),
      problems: [409],
    },
    async (c) =>
      c.json({ token: await core.lifecycle.completeRotation(c.get('actor'), c.req.valid('param').id) }, 200),
  )
})
