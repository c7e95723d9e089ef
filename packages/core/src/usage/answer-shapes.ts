import type { AccountKind } from '../accounts/account-kinds.js'
import { isLatestApiVersion } from '../accounts/api-version-lines.js'

/**
 * The two forms in which the platform API answers (apps/api/src/platform/versioned-shapes.ts):
 * the latest version of each account kind answers the console's JSON (camelCase, envelopes),
 * every older one the classic form (PascalCase, bare objects, `Date…` timestamps, the auth token
 * flattened into the token). Described here as data so the upgrade preview can say what changes;
 * a test in the API checks these field lists against the shapes it answers.
 */
export type AnswerForm = 'classic' | 'latest'

/**
 * A field as the classic form names it and as the latest form does; null where a form has none.
 * One classic field may pair with several latest ones when the item decides which it is answered
 * as (the classic `ActorId` holds a user's or a token's id; the latest actor names which).
 */
export type FieldPair = readonly [classic: string | null, latest: string | null]

export interface AnswerShape {
  /** The member holding the answer (null: the object itself). */
  envelope: { classic: string | null; latest: string | null }
  fields: readonly FieldPair[]
}

export const TOKEN_FIELD_PAIRS: readonly FieldPair[] = [
  ['Id', 'id'],
  [null, 'kind'],
  ['Name', 'name'],
  ['Description', 'description'],
  ['AccountSid', 'accountSid'],
  ['ApiVersion', 'apiVersion'],
  ['State', 'state'],
  ['Scopes', 'scopes'],
  ['PrimaryContactUserId', 'primaryContactUserId'],
  ['DeveloperEmails', 'developerEmails'],
  ['RateLimitPerHour', 'rateLimitPerHour'],
  ['DateCreated', 'createdAt'],
  ['DateUpdated', 'updatedAt'],
  ['DateLastUsed', 'lastUsedAt'],
  ['DateExpires', 'expiresAt'],
  [null, 'disabled'],
  [null, 'rotation'],
  [null, 'leak'],
]

export const ACCOUNT_FIELD_PAIRS: readonly FieldPair[] = [
  ['Id', 'id'],
  ['Type', 'kind'],
  ['Name', 'name'],
  ['DateLegacyTokensEnabled', 'legacyEnabledAt'],
]

export const AUDIT_EVENT_FIELD_PAIRS: readonly FieldPair[] = [
  ['Id', 'id'],
  ['Action', 'action'],
  ['ActorType', 'actor.type'],
  ['ActorId', 'actor.userId'],
  ['ActorId', 'actor.tokenId'],
  ['TokenId', 'tokenId'],
  ['Date', 'at'],
  ['IpAddress', 'ip'],
  [null, 'actorName'],
  [null, 'tokenName'],
  [null, 'tokenKind'],
  [null, 'details'],
]

function itemsOf(pairs: readonly FieldPair[], classic: string, latest: string): FieldPair[] {
  return pairs.map(([c, l]) => [c && `${classic}[].${c}`, l && `${latest}[].${l}`] as const)
}

const TOKEN: AnswerShape = { envelope: { classic: null, latest: 'token' }, fields: TOKEN_FIELD_PAIRS }
const TOKEN_WITH_CREDENTIALS: AnswerShape = {
  envelope: { classic: null, latest: 'token' },
  fields: [...TOKEN_FIELD_PAIRS, ['AuthToken', 'credentials.authToken'], [null, 'credentials.accountSid']],
}
const TOKEN_LIST: AnswerShape = {
  envelope: { classic: 'Tokens', latest: 'items' },
  fields: [...itemsOf(TOKEN_FIELD_PAIRS, 'Tokens', 'items'), ['NextCursor', 'nextCursor']],
}
const AUDIT_EVENTS: AnswerShape = {
  envelope: { classic: 'AuditEvents', latest: 'items' },
  fields: [...itemsOf(AUDIT_EVENT_FIELD_PAIRS, 'AuditEvents', 'items'), ['NextCursor', 'nextCursor']],
}
const ACCOUNT: AnswerShape = { envelope: { classic: null, latest: null }, fields: ACCOUNT_FIELD_PAIRS }
/** 204 without a body in every version. */
const NO_BODY: AnswerShape = { envelope: { classic: null, latest: null }, fields: [] }

/** The platform API's own endpoints; any other scope is only verified (/verify) for another service. */
const ANSWER_SHAPES: ReadonlyMap<string, AnswerShape> = new Map([
  ['GET /Account', ACCOUNT],
  ['GET /Tokens', TOKEN_LIST],
  ['POST /Tokens', TOKEN_WITH_CREDENTIALS],
  ['GET /Tokens/{Id}', TOKEN],
  ['PUT /Tokens/{Id}', TOKEN],
  ['DELETE /Tokens/{Id}', NO_BODY],
  ['POST /Tokens/{Id}/Reset', TOKEN_WITH_CREDENTIALS],
  ['GET /AuditEvents', AUDIT_EVENTS],
])

export function answerShapeOf(scope: string): AnswerShape | undefined {
  return ANSWER_SHAPES.get(scope)
}

export function answerFormOf(kind: AccountKind, apiVersion: string): AnswerForm {
  return isLatestApiVersion(kind, apiVersion) ? 'latest' : 'classic'
}

export interface ShapeDifference {
  envelope: { from: string | null; to: string | null } | null
  /** `to` has more than one name when the item decides which of them the field becomes. */
  renamed: { from: string; to: string[] }[]
  added: string[]
  removed: string[]
}

/** What changes in an answer of `shape` from one form to another (nothing when the forms are one). */
export function shapeDifference(shape: AnswerShape, from: AnswerForm, to: AnswerForm): ShapeDifference {
  const none: ShapeDifference = { envelope: null, renamed: [], added: [], removed: [] }
  if (from === to) return none
  const side = (pair: FieldPair, form: AnswerForm) => (form === 'classic' ? pair[0] : pair[1])
  const difference = none
  const before = shape.envelope[from]
  const after = shape.envelope[to]
  if (before !== after) difference.envelope = { from: before, to: after }
  for (const pair of shape.fields) {
    const was = side(pair, from)
    const is = side(pair, to)
    if (was !== null && is !== null && was !== is) {
      const renamed = difference.renamed.find((field) => field.from === was)
      if (renamed) renamed.to.push(is)
      else difference.renamed.push({ from: was, to: [is] })
    } else if (was === null && is !== null) difference.added.push(is)
    else if (was !== null && is === null) difference.removed.push(was)
  }
  return difference
}
