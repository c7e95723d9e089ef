import { randomInt } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { TokenWithCredentials } from '@tokens/core'
import { basicAuthorization, type ConsoleSession } from '../test-support/console-client.js'
import type { LatencyRecord } from './latency-record.js'

export const WORKLOAD_KINDS = ['platform', 'verify', 'admin', 'list'] as const
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number]

export interface PoolToken {
  id: string
  accountSid: string
  authToken: string
}

export interface SoakAccount {
  session: ConsoleSession
  adminUserId: string
  /** Tokens that only ever verify: nothing resets or deletes them, so every answer must be a 200. */
  pool: PoolToken[]
}

export interface SoakContext {
  baseUrl: string
  accounts: SoakAccount[]
  records: Record<WorkloadKind, LatencyRecord>
  /** The first few failures, described, for the report. */
  failures: string[]
  running(): boolean
}

/** Generous enough that no soak request is ever rate limited: the soak measures, it does not probe limits. */
export const SOAK_RATE_LIMIT_PER_HOUR = 10_000_000
/** /verify allows 1,200 requests a minute per client address, and the soak speaks from one. */
const VERIFY_PER_SECOND = 10

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)] as T

/**
 * One request, timed from sending to the last byte of the answer. An answer other than `expected`,
 * or no answer, counts as an error of its kind. Resolves with the parsed JSON body, if any.
 */
async function timed<T = unknown>(
  context: SoakContext,
  kind: WorkloadKind,
  label: string,
  expected: number,
  send: () => Promise<Response>,
): Promise<T | undefined> {
  const started = performance.now()
  try {
    const response = await send()
    const text = await response.text()
    context.records[kind].add(performance.now() - started)
    if (response.status === expected) return (text ? JSON.parse(text) : null) as T
    recordFailure(context, kind, `${label} answered ${response.status} ${text.slice(0, 200)}`)
  } catch (error) {
    recordFailure(context, kind, `${label} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  return undefined
}

function recordFailure(context: SoakContext, kind: WorkloadKind, description: string): void {
  context.records[kind].errors++
  if (context.failures.length < 20) context.failures.push(description)
}

function platform(context: SoakContext, path: string, token: { accountSid: string; authToken: string }) {
  return fetch(`${context.baseUrl}/platform${path}`, {
    headers: { authorization: basicAuthorization(token.accountSid, token.authToken) },
  })
}

/** An integration calling the platform API with one of many tokens. */
export async function platformWorker(context: SoakContext): Promise<void> {
  while (context.running()) {
    const token = pick(pick(context.accounts).pool)
    if (randomInt(5) === 0)
      await timed(context, 'platform', 'GET /platform/Tokens', 200, () =>
        platform(context, '/Tokens?limit=20', token),
      )
    else
      await timed(context, 'platform', 'GET /platform/Account', 200, () =>
        platform(context, '/Account', token),
      )
  }
}

/** Another service asking /verify, paced under the per-address request budget. */
export async function verifyWorker(context: SoakContext): Promise<void> {
  const started = performance.now()
  for (let n = 0; context.running(); n++) {
    const token = pick(pick(context.accounts).pool)
    await timed(context, 'verify', 'POST /verify', 200, () =>
      fetch(`${context.baseUrl}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          accountSid: token.accountSid,
          authToken: token.authToken,
          method: 'GET',
          path: '/Account',
        }),
      }),
    )
    const due = started + ((n + 1) * 1_000) / VERIFY_PER_SECOND
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())))
  }
}

/**
 * An administrator's whole token lifecycle, over and over: create, use, reset, use the new
 * credential, edit, read, delete. A superseded credential is never sent (that would be a 401, and
 * the soak's address would soon be throttled for it).
 */
export async function adminWorker(context: SoakContext, account: SoakAccount): Promise<void> {
  for (let n = 0; context.running(); n++) {
    const created = await timed<TokenWithCredentials>(context, 'admin', 'POST /api/tokens', 201, () =>
      account.session.admin('POST', '/api/tokens', {
        name: `Soak churn ${n}`,
        primaryContactUserId: account.adminUserId,
        scopes: ['GET /Account'],
        rateLimitPerHour: SOAK_RATE_LIMIT_PER_HOUR,
      }),
    )
    if (!created) continue
    const id = created.token.id
    await timed(context, 'admin', 'GET /platform/Account (new)', 200, () =>
      platform(context, '/Account', created.credentials),
    )
    const reset = await timed<TokenWithCredentials>(context, 'admin', 'POST reset', 200, () =>
      account.session.admin('POST', `/api/tokens/${id}/reset`),
    )
    if (reset)
      await timed(context, 'admin', 'GET /platform/Account (reset)', 200, () =>
        platform(context, '/Account', reset.credentials),
      )
    await timed(context, 'admin', 'PATCH /api/tokens/:id', 200, () =>
      account.session.admin('PATCH', `/api/tokens/${id}`, { description: `Soak edit ${n}` }),
    )
    await timed(context, 'admin', 'GET /api/tokens/:id', 200, () =>
      account.session.admin('GET', `/api/tokens/${id}`),
    )
    await timed(context, 'admin', 'DELETE /api/tokens/:id', 204, () =>
      account.session.admin('DELETE', `/api/tokens/${id}`),
    )
  }
}

const LIST_FILTERS = [
  '',
  'name=soak',
  'name=pool&state=enabled',
  'created=last7',
  'state=disabled',
  'created=older30',
]

/** The API page: filtered lists, paged a little, the audit trail and one token. */
export async function listWorker(context: SoakContext): Promise<void> {
  while (context.running()) {
    const account = pick(context.accounts)
    let cursor: string | null = null
    const filter = pick(LIST_FILTERS)
    for (let page = 0; page < 3; page++) {
      const query: string = [filter, 'limit=20', cursor ? `cursor=${encodeURIComponent(cursor)}` : '']
        .filter(Boolean)
        .join('&')
      const answer: { nextCursor: string | null } | undefined = await timed<{ nextCursor: string | null }>(
        context,
        'list',
        'GET /api/tokens',
        200,
        () => account.session.admin('GET', `/api/tokens?${query}`),
      )
      cursor = answer?.nextCursor ?? null
      if (!cursor) break
    }
    await timed(context, 'list', 'GET /api/audit-events', 200, () =>
      account.session.admin('GET', '/api/audit-events?limit=50'),
    )
    const token = pick(account.pool)
    await timed(context, 'list', 'GET /api/tokens/:id', 200, () =>
      account.session.admin('GET', `/api/tokens/${token.id}`),
    )
  }
}
