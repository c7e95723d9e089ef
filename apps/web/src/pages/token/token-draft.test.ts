import { describe, expect, it } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { changedFields, draftOf, rebaseDraft, updateRequest } from './token-draft'

describe('the token page draft', () => {
  it('sees no change when only the order of scopes differs', () => {
    const token = makeToken({ scopes: ['GET /Reports', 'GET /Account'] })
    expect(changedFields(token, { ...draftOf(token), scopes: ['GET /Account', 'GET /Reports'] })).toEqual([])
  })

  it('sends only the fields that changed, parsed by the core schema', () => {
    const token = makeToken({ name: 'Old name' })
    const request = updateRequest(token, {
      ...draftOf(token),
      name: '  New name  ',
      developerEmails: ['Dev@Example.com'],
    })
    expect(request.success && request.data).toEqual({
      name: 'New name',
      developerEmails: ['dev@example.com'],
    })
  })

  it('refuses an update that would leave the token without scopes', () => {
    const token = makeToken()
    const request = updateRequest(token, { ...draftOf(token), scopes: [] })
    expect(request.success).toBe(false)
    expect(request.error?.issues[0]?.path).toEqual(['scopes'])
  })

  it('takes server changes for untouched fields and keeps the edits in progress', () => {
    const before = makeToken({ name: 'Name', scopes: ['GET /Reports'] })
    const after = { ...before, scopes: ['GET /Reports', 'GET /Account'], description: 'Server description' }
    const rebased = rebaseDraft(before, after, { ...draftOf(before), name: 'Edited name' })
    expect(rebased).toMatchObject({
      name: 'Edited name',
      description: 'Server description',
      scopes: ['GET /Reports', 'GET /Account'],
    })
  })
})
