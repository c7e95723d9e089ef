import { randomBytes } from 'node:crypto'
import type { Credentials, LegacyCredentials, TokenWithCredentials, WebhookView } from '@tokens/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { basic, PASSWORD, type CallOptions } from './test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from './test-support/suite-fixture.js'

interface Exchange {
  route: string
  status: number
  headers: Headers
  body: string
}

/** Routes whose answers carry an auth token on purpose (and must not be stored by any cache). */
const SECRET_ROUTES = [
  /^POST \/api\/tokens$/,
  /^POST \/api\/tokens\/[^/]+\/(duplicate|reset)$/,
  /^GET \/api\/tokens\/[^/]+\/credentials$/,
  /^POST \/api\/legacy-tokens\/read-(write|only)\/reset$/,
  /^GET \/api\/legacy-tokens\/credentials$/,
  /^POST \/platform\/Tokens$/,
  /^POST \/platform\/Tokens\/[^/]+\/Reset$/,
]

describe('where secrets may appear', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)
  const exchanges: Exchange[] = []
  const authTokens = new Set<string>()
  // What an incoming-webhook URL holds as its secret: Slack and Discord in the path, others in the query.
  const webhookUrlSecrets = [
    `path${randomBytes(8).toString('hex')}`,
    `query${randomBytes(8).toString('hex')}`,
  ]

  async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const response = await f.call(method, path, options)
    const body = await response.clone().text()
    exchanges.push({
      route: `${method} ${path.split('?')[0]}`,
      status: response.status,
      headers: response.headers,
      body,
    })
    return response
  }
  const keep = (credentials: Credentials) => {
    authTokens.add(credentials.authToken)
    return credentials
  }

  beforeAll(async () => {
    const session = { session: admin }

    // Every admin workflow, as the SPA would run it.
    await call('GET', '/api/session', session)
    await call('GET', '/api/catalog', session)
    await call('GET', '/api/users', session)
    const created = (await (
      await call('POST', '/api/tokens', {
        ...session,
        json: {
          name: 'Scan',
          primaryContactUserId: f.a.admin.id,
          scopes: [
            'GET /Account',
            'GET /Tokens',
            'POST /Tokens',
            'GET /Tokens/{Id}',
            'POST /Tokens/{Id}/Reset',
            'GET /AuditEvents',
          ],
          apiVersion: 'v13',
        },
      })
    ).json()) as TokenWithCredentials
    keep(created.credentials)
    const id = created.token.id
    await call('GET', '/api/tokens', session)
    await call('GET', `/api/tokens/${id}`, session)
    await call('PATCH', `/api/tokens/${id}`, { ...session, json: { description: 'scanned' } })
    keep((await (await call('GET', `/api/tokens/${id}/credentials`, session)).json()) as Credentials)
    keep(
      ((await (await call('POST', `/api/tokens/${id}/duplicate`, session)).json()) as TokenWithCredentials)
        .credentials,
    )
    const previous = created.credentials
    const reset = keep(
      ((await (await call('POST', `/api/tokens/${id}/reset`, session)).json()) as TokenWithCredentials)
        .credentials,
    )
    await call('POST', `/api/tokens/${id}/disable`, session)
    await call('GET', '/platform/Account', {
      headers: { authorization: basic(reset.accountSid, reset.authToken) },
    })
    await call('POST', `/api/tokens/${id}/enable`, session)
    await call('POST', `/api/legacy-tokens/enable`, session)
    const legacy = (await (
      await call('GET', '/api/legacy-tokens/credentials', session)
    ).json()) as LegacyCredentials
    keep(legacy.readWrite)
    keep(legacy.readOnly)
    keep(
      (
        (await (await call('POST', '/api/legacy-tokens/read-only/reset', session)).json()) as {
          credentials: Credentials
        }
      ).credentials,
    )
    await call('GET', '/api/legacy-tokens', session)
    const [pathSecret, querySecret] = webhookUrlSecrets
    const { webhook } = (await (
      await call('POST', '/api/webhooks', {
        ...session,
        json: { url: `https://hooks.example.test/services/${pathSecret}`, eventTypes: ['token.leaked'] },
      })
    ).json()) as { webhook: WebhookView }
    await call('PATCH', `/api/webhooks/${webhook.id}`, {
      ...session,
      json: { url: `https://hooks.example.test/in?token=${querySecret}` },
    })
    await call('GET', '/api/webhooks', session)
    await call('DELETE', `/api/webhooks/${webhook.id}`, session)
    // A token that may read the trail and nothing else, answered the latest shape (details included).
    const auditReader = keep(
      (
        (await (
          await call('POST', '/api/tokens', {
            ...session,
            json: {
              name: 'Audit reader',
              primaryContactUserId: f.a.admin.id,
              scopes: ['GET /AuditEvents'],
              apiVersion: 'v14',
            },
          })
        ).json()) as TokenWithCredentials
      ).credentials,
    )

    // The integration side, including failures that carry real (old or wrong) tokens in the request.
    const auth = (credentials: Credentials) => ({
      headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
    })
    await call('GET', '/platform/Account', auth(reset))
    await call('GET', '/platform/Account', auth(previous))
    await call('GET', '/platform/Tokens', auth(reset))
    await call('GET', `/platform/Tokens/${id}`, auth(reset))
    await call('GET', '/platform/AuditEvents', auth(reset))
    await call('GET', '/platform/AuditEvents', auth(auditReader))
    await call('GET', '/platform/AuditEvents?cursor=' + encodeURIComponent(reset.authToken), auth(reset))
    const platformCreated = (await (
      await call('POST', '/platform/Tokens', {
        ...auth(reset),
        json: { name: 'By integration', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'] },
      })
    ).json()) as { AccountSid: string; AuthToken: string }
    keep({ accountSid: platformCreated.AccountSid, authToken: platformCreated.AuthToken })
    const platformReset = (await (
      await call('POST', `/platform/Tokens/${id}/Reset`, auth(reset))
    ).json()) as { AuthToken: string }
    authTokens.add(platformReset.AuthToken)
    await call('POST', '/verify', { json: { ...legacy.readWrite, method: 'GET', path: '/Account' } })
    await call('POST', '/verify', {
      json: { authorization: basic(previous.accountSid, previous.authToken), scope: 'GET /Account' },
    })
    await call('POST', '/verify', { json: { ...previous, method: 'GET', path: '/Account' } })
    await call('POST', '/api/tokens', {
      ...session,
      json: {
        name: previous.authToken,
        primaryContactUserId: 'x',
        scopes: [],
        authToken: previous.authToken,
      },
    })
    await call('GET', '/api/audit-events?limit=200', session)
    await call('GET', '/api/audit-events?format=csv', session)
    await call('DELETE', `/api/tokens/${id}`, session)
    await call('DELETE', '/api/session', session)
  })

  it('collected the secrets it looks for', () => {
    expect(authTokens.size).toBeGreaterThanOrEqual(8)
    expect(exchanges.length).toBeGreaterThan(30)
  })

  it('shows auth tokens only in create, duplicate, reset and reveal answers, all no-store', () => {
    for (const exchange of exchanges) {
      const carries = [...authTokens].some((token) => exchange.body.includes(token))
      if (!carries) continue
      expect(
        SECRET_ROUTES.some((route) => route.test(exchange.route)),
        exchange.route,
      ).toBe(true)
      expect(exchange.status, exchange.route).toBeLessThan(300)
      expect(exchange.headers.get('cache-control'), exchange.route).toBe('no-store')
    }
    const secretAnswers = exchanges.filter(
      (e) => SECRET_ROUTES.some((route) => route.test(e.route)) && e.status < 300,
    )
    expect(secretAnswers.length).toBeGreaterThanOrEqual(8)
  })

  it('never answers a password or session id in a body, nor any secret in a header or an error body', () => {
    for (const exchange of exchanges) {
      const headers = JSON.stringify([...exchange.headers].filter(([name]) => name !== 'set-cookie'))
      for (const secret of [...authTokens, PASSWORD, admin.sessionId, admin.csrfToken]) {
        expect(headers.includes(secret), exchange.route).toBe(false)
        if (exchange.status >= 400) expect(exchange.body.includes(secret), exchange.route).toBe(false)
      }
      expect(exchange.body.includes(PASSWORD), exchange.route).toBe(false)
      expect(exchange.body.includes(admin.sessionId), exchange.route).toBe(false)
      if (exchange.body.includes(admin.csrfToken))
        expect(exchange.route).toMatch(/^(GET|POST|PATCH) \/api\/session$/)
    }
  })

  it('logs no secret', () => {
    const text = JSON.stringify(f.logs)
    expect(f.logs.length).toBeGreaterThan(30)
    for (const secret of [...authTokens, PASSWORD, admin.sessionId, admin.csrfToken])
      expect(text.includes(secret)).toBe(false)
  })

  it("shows a webhook URL's path and query in the webhook's own answers only, never in the trail or a log", async () => {
    // The trail still names the webhook by its origin: to the admin API (JSON and CSV) and the audit reader.
    const naming = exchanges.filter(
      (e) =>
        e.status === 200 &&
        !e.route.includes('/api/webhooks') &&
        e.body.includes('https://hooks.example.test'),
    )
    expect(new Set(naming.map((e) => e.route))).toEqual(
      new Set(['GET /api/audit-events', 'GET /platform/AuditEvents']),
    )
    for (const exchange of exchanges) {
      if (webhookUrlSecrets.some((secret) => exchange.body.includes(secret)))
        expect(exchange.route).toMatch(/^(GET|POST|PATCH) \/api\/webhooks/)
    }
    const db = await f.testCore.database()
    const rows = JSON.stringify(await db.selectFrom('audit_events').selectAll().execute())
    for (const secret of webhookUrlSecrets) {
      expect(JSON.stringify(f.logs)).not.toContain(secret)
      expect(rows).not.toContain(secret)
    }
  })

  it('records no secret in the audit trail', async () => {
    const db = await f.testCore.database()
    const rows = JSON.stringify(await db.selectFrom('audit_events').selectAll().execute())
    expect(rows).toContain('token.reveal')
    for (const secret of [...authTokens, PASSWORD, admin.sessionId, admin.csrfToken])
      expect(rows.includes(secret)).toBe(false)
  })
})
