import { describe, expect, it } from 'vitest'
import { generateAccountSid } from '../crypto/random-secrets.js'
import { decodeChangePayload, encodeChangePayloads, sentAtOfChangePayload } from './token-change-feed.js'

describe('token change payloads', () => {
  it('splits many SIDs into payloads that fit a NOTIFY, losing none', () => {
    const sids = Array.from({ length: 1_000 }, () => generateAccountSid())
    const payloads = encodeChangePayloads(sids)
    expect(payloads.length).toBeGreaterThan(1)
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8_000)
    expect(payloads.flatMap(decodeChangePayload)).toEqual(sids)
  })

  it('keeps only well-formed SIDs from what arrives on the channel', () => {
    const sid = generateAccountSid()
    expect(decodeChangePayload(`${sid} tcat_secret  <script> ${sid.toLowerCase()}`)).toEqual([sid])
    expect(decodeChangePayload(undefined)).toEqual([])
    expect(decodeChangePayload('')).toEqual([])
  })

  it('stamps each payload with its publishing time, which a reader of SIDs skips', () => {
    const sids = Array.from({ length: 400 }, () => generateAccountSid())
    const payloads = encodeChangePayloads(sids, 1_764_530_000_123)
    expect(payloads.length).toBeGreaterThan(1)
    for (const payload of payloads) {
      expect(sentAtOfChangePayload(payload)).toBe(1_764_530_000_123)
      expect(Buffer.byteLength(payload)).toBeLessThan(8_000)
    }
    expect(payloads.flatMap(decodeChangePayload)).toEqual(sids)
    expect(sentAtOfChangePayload(sids[0])).toBeNull()
    expect(sentAtOfChangePayload('@12x')).toBeNull()
    expect(sentAtOfChangePayload(undefined)).toBeNull()
  })
})
