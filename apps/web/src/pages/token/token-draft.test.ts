import { describe, expect, it } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { noTypedEmail } from '../../components/developer-emails'
import { changedFields, draftOf, rebaseDraft, rebaseList, unsavedFields, updateRequest } from './token-draft'

describe('the token page draft', () => {
  it('sees no change when only the order of scopes differs', () => {
    const token = makeToken({ scopes: ['GET /Reports', 'GET /Account'] })
    expect(changedFields(token, { ...draftOf(token), scopes: ['GET /Account', 'GET /Reports'] })).toEqual([])
  })

  it('counts the developer e-mails as unsaved while an address is typed but not added, in page order', () => {
    const token = makeToken({ name: 'Old name' })
    const draft = { ...draftOf(token), name: 'New name' }
    expect(unsavedFields(token, draft, noTypedEmail())).toEqual(['name'])
    expect(unsavedFields(token, draft, { text: 'dev@partner.example', refusal: null })).toEqual([
      'name',
      'developerEmails',
    ])
    expect(unsavedFields(token, draftOf(token), { text: '   ', refusal: null })).toEqual([])
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

  it('rebases an edited scope list item by item: the user’s additions and removals on the server’s new list', () => {
    const before = makeToken({ scopes: ['GET /Reports', 'GET /Reports/{Id}', 'DELETE /Reports/{Id}'] })
    const after = { ...before, scopes: ['GET /Reports', 'GET /Users'] }
    const draft = { ...draftOf(before), scopes: ['GET /Reports', 'GET /Reports/{Id}', 'GET /Account'] }
    expect(rebaseDraft(before, after, draft).scopes).toEqual(['GET /Reports', 'GET /Users', 'GET /Account'])
  })

  it.each([
    {
      case: 'a scope the server removed stays removed',
      before: ['a', 'b'],
      after: ['a'],
      draft: ['a', 'b', 'c'],
      rebased: ['a', 'c'],
    },
    {
      case: 'a scope the server added stays added',
      before: ['a'],
      after: ['a', 'x'],
      draft: ['a', 'c'],
      rebased: ['a', 'x', 'c'],
    },
    {
      case: 'a scope the user removed stays removed',
      before: ['a', 'b'],
      after: ['a', 'b', 'x'],
      draft: ['a'],
      rebased: ['a', 'x'],
    },
    {
      case: 'a scope both added appears once',
      before: ['a'],
      after: ['a', 'x'],
      draft: ['a', 'x'],
      rebased: ['a', 'x'],
    },
    {
      case: 'a scope both removed stays removed',
      before: ['a', 'b'],
      after: ['a'],
      draft: ['a'],
      rebased: ['a'],
    },
  ])('rebaseList: $case', ({ before, after, draft, rebased }) => {
    expect(rebaseList(before, after, draft)).toEqual(rebased)
  })
})
