import { describe, expect, it } from 'vitest'
import { changedFields, type EditableTokenFields } from './changed-fields.js'

const before: EditableTokenFields = {
  name: 'Billing sync',
  description: 'Nightly export',
  apiVersion: '2024-01',
  primaryContactUserId: 'usr_a',
  scopes: ['GET /Account', 'GET /Calls'],
  developerEmails: ['a@example.com', 'b@example.com'],
  rateLimitPerHour: 1000,
}

describe('changedFields', () => {
  it('finds nothing changed when every field is as it was', () => {
    expect(changedFields(before, { ...before })).toEqual({ fields: [] })
  })

  it.each([
    { field: 'name', change: { name: 'Billing sync v2' } },
    { field: 'description', change: { description: '' } },
    { field: 'primaryContactUserId', change: { primaryContactUserId: 'usr_b' } },
    { field: 'developerEmails', change: { developerEmails: ['a@example.com'] } },
    { field: 'developerEmails', change: { developerEmails: ['b@example.com', 'a@example.com'] } },
  ] satisfies { field: string; change: Partial<EditableTokenFields> }[])(
    'names $field alone when only it differs ($change)',
    ({ field, change }) => {
      expect(changedFields(before, { ...before, ...change })).toEqual({ fields: [field] })
    },
  )

  it.each([
    {
      case: 'a scope added',
      scopes: ['GET /Account', 'GET /Calls', 'POST /Calls'],
      scopesAdded: ['POST /Calls'],
      scopesRemoved: [],
    },
    {
      case: 'a scope removed',
      scopes: ['GET /Calls'],
      scopesAdded: [],
      scopesRemoved: ['GET /Account'],
    },
    {
      case: 'one scope swapped for another',
      scopes: ['GET /Account', 'POST /Calls'],
      scopesAdded: ['POST /Calls'],
      scopesRemoved: ['GET /Calls'],
    },
  ])('records the scopes added and removed for $case', ({ scopes, scopesAdded, scopesRemoved }) => {
    expect(changedFields(before, { ...before, scopes })).toEqual({
      fields: ['scopes'],
      scopesAdded,
      scopesRemoved,
    })
  })

  it('treats the same scopes in another order as unchanged', () => {
    expect(changedFields(before, { ...before, scopes: ['GET /Calls', 'GET /Account'] })).toEqual({
      fields: [],
    })
  })

  it('records the previous and new version and rate limit', () => {
    expect(changedFields(before, { ...before, apiVersion: '2025-06', rateLimitPerHour: 50 })).toEqual({
      fields: ['apiVersion', 'rateLimitPerHour'],
      fromApiVersion: '2024-01',
      toApiVersion: '2025-06',
      fromRateLimitPerHour: 1000,
      toRateLimitPerHour: 50,
    })
  })

  it('lists several changed fields in one fixed order, whatever was sent', () => {
    const after = {
      ...before,
      rateLimitPerHour: 10,
      name: 'Renamed',
      scopes: ['GET /Account'],
      developerEmails: [],
      primaryContactUserId: 'usr_b',
      description: 'Hourly',
      apiVersion: '2025-06',
    }
    expect(changedFields(before, after).fields).toEqual([
      'apiVersion',
      'primaryContactUserId',
      'scopes',
      'developerEmails',
      'name',
      'description',
      'rateLimitPerHour',
    ])
  })
})
