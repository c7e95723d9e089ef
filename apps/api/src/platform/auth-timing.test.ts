import { randomInt } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { BASE62, checksumOf } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { basic } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'

const REQUESTS_PER_CLASS = 1_000
const WARM_UP_PER_CLASS = 100
/**
 * Generous: the medians of one interleaved run differ by microseconds, yet the bound still catches
 * a database read that only one class pays (about +0.14 ms over 0.14 ms on a laptop-class core).
 */
const BOUND_MS = 0.05
const BOUND_RATIO = 0.25

function base62(length: number): string {
  return Array.from({ length }, () => BASE62[randomInt(62)]).join('')
}

/** An auth token in the right format (checksum included) that was never issued. */
function wellFormedAuthToken(): string {
  const body = `tcat_${base62(28)}`
  return body + checksumOf(body)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

describe('timing of refused credentials on the platform API', () => {
  // Every attempt must reach verification: no throttle may answer first.
  const f = apiFixtureForSuite({
    limits: {
      credentialFailuresPerAddress: { max: 1_000_000, windowMs: 60_000 },
      credentialFailuresPerSid: { max: 1_000_000, windowMs: 60_000 },
    },
  })

  it('takes the same time for an unknown SID, a wrong token, a wrong-length token, an expired token and a wrong token in rotation (medians of 1,000 each)', async () => {
    const { credentials } = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const expiring = await f.createToken(f.a, {
      scopes: ['GET /Account'],
      expiresAt: new Date(f.clock.now().getTime() + 60_000).toISOString(),
    })
    const rotating = await f.createToken(f.a, { scopes: ['GET /Account'] })
    await f.core.lifecycle.rotate(f.a.admin.context, rotating.token.id, {})
    f.clock.advance(60_000)
    const classes = {
      'unknown SID': basic(`TK${base62(22)}`, credentials.authToken),
      'known SID, wrong token': basic(credentials.accountSid, wellFormedAuthToken()),
      'known SID, wrong-length token': basic(credentials.accountSid, `tcat_${base62(10)}`),
      'expired token, its own auth token': basic(
        expiring.credentials.accountSid,
        expiring.credentials.authToken,
      ),
      'token in rotation, wrong token': basic(rotating.credentials.accountSid, wellFormedAuthToken()),
    }
    const labels = Object.keys(classes) as (keyof typeof classes)[]
    const samples = Object.fromEntries(labels.map((label) => [label, [] as number[]])) as Record<
      keyof typeof classes,
      number[]
    >

    // Interleaved, each round in a rotated order, so drift and GC pauses fall on every class alike.
    for (let round = 0; round < WARM_UP_PER_CLASS + REQUESTS_PER_CLASS; round++) {
      for (let k = 0; k < labels.length; k++) {
        const label = labels[(round + k) % labels.length] as keyof typeof classes
        const started = performance.now()
        const res = await f.call('GET', '/platform/Account', { headers: { authorization: classes[label] } })
        await res.arrayBuffer()
        const elapsed = performance.now() - started
        expect(res.status, label).toBe(401)
        if (round >= WARM_UP_PER_CLASS) samples[label].push(elapsed)
      }
    }

    const medians = labels.map((label) => ({ label, ms: median(samples[label]) }))
    const fastest = Math.min(...medians.map((m) => m.ms))
    const slowest = Math.max(...medians.map((m) => m.ms))
    const bound = Math.max(BOUND_MS, fastest * BOUND_RATIO)
    console.info(
      `[auth timing] medians of ${REQUESTS_PER_CLASS} requests each: ${medians
        .map((m) => `${m.label} ${m.ms.toFixed(3)} ms`)
        .join(', ')}; largest difference ${(slowest - fastest).toFixed(3)} ms (bound ${bound.toFixed(3)} ms)`,
    )
    expect(slowest - fastest).toBeLessThan(bound)
  }, 120_000)
})
