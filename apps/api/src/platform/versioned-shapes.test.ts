import {
  ACCOUNT_FIELD_PAIRS,
  AUDIT_EVENT_FIELD_PAIRS,
  AccountView,
  AuditEventView,
  TOKEN_FIELD_PAIRS,
  TokenView,
} from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { ClassicAccount, ClassicAuditEventList, ClassicToken } from './versioned-shapes.js'

const sorted = (names: Iterable<string>) => [...names].sort()
/** Names of the classic form (`ActorId` pairs with the latest `actor.userId` and `actor.tokenId`). */
const classicOf = (pairs: readonly (readonly [string | null, string | null])[]) =>
  sorted(new Set(pairs.flatMap(([classic]) => (classic ? [classic] : []))))
/** Top-level names of the latest form (`actor.type` belongs to `actor`). */
const latestOf = (pairs: readonly (readonly [string | null, string | null])[]) =>
  sorted(new Set(pairs.flatMap(([, latest]) => (latest ? [latest.split('.')[0] as string] : []))))

describe('the answer shapes the upgrade preview describes', () => {
  it('name every field of the classic and latest token the platform API answers', () => {
    expect(classicOf(TOKEN_FIELD_PAIRS)).toEqual(sorted(Object.keys(ClassicToken.shape)))
    expect(latestOf(TOKEN_FIELD_PAIRS)).toEqual(sorted(Object.keys(TokenView.shape)))
  })

  it('name every field of the classic and latest account and audit event', () => {
    expect(classicOf(ACCOUNT_FIELD_PAIRS)).toEqual(sorted(Object.keys(ClassicAccount.shape)))
    expect(latestOf(ACCOUNT_FIELD_PAIRS)).toEqual(sorted(Object.keys(AccountView.shape)))
    expect(classicOf(AUDIT_EVENT_FIELD_PAIRS)).toEqual(
      sorted(Object.keys(ClassicAuditEventList.shape.AuditEvents.element.shape)),
    )
    expect(latestOf(AUDIT_EVENT_FIELD_PAIRS)).toEqual(sorted(Object.keys(AuditEventView.shape)))
  })
})
