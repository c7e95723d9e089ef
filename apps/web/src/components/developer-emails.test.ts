import { MAX_DEVELOPER_EMAILS } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { addDeveloperEmail, isEmailTyped, noTypedEmail, takeTypedEmail } from './developer-emails'

const full = Array.from({ length: MAX_DEVELOPER_EMAILS }, (_, index) => `dev${index}@partner.example`)

describe('adding a developer e-mail', () => {
  it('adds an address as the core normalises it', () => {
    expect(addDeveloperEmail(['ops@partner.example'], ' Dev@Partner.example ')).toEqual({
      ok: true,
      emails: ['ops@partner.example', 'dev@partner.example'],
    })
  })

  it.each([
    { case: 'nothing typed', emails: [], text: '  ', refusal: 'required' },
    {
      case: 'an address already listed',
      emails: ['dev@partner.example'],
      text: 'DEV@partner.example',
      refusal: 'duplicateEmail',
    },
    { case: 'one address too many', emails: full, text: 'more@partner.example', refusal: 'tooManyEmails' },
  ])('refuses $case with its reason', ({ emails, text, refusal }) => {
    expect(addDeveloperEmail(emails, text)).toEqual({ ok: false, refusal })
  })

  it('refuses what is not an address with the core schema’s own refusal', () => {
    const added = addDeveloperEmail([], 'not-an-address')
    expect(added.ok).toBe(false)
    expect(!added.ok && typeof added.refusal).toBe('object')
  })
})

describe('an address typed but not added, on Update, Next or Create', () => {
  it('is added as Add would add it, and the field is emptied', () => {
    const typed = { text: 'dev@partner.example', refusal: null }
    expect(isEmailTyped(typed)).toBe(true)
    expect(takeTypedEmail(['ops@partner.example'], typed)).toEqual({
      emails: ['ops@partner.example', 'dev@partner.example'],
      typed: noTypedEmail(),
      refused: false,
    })
  })

  it('stays in the field with its refusal, and the list stays as it was', () => {
    const emails = ['dev@partner.example']
    const taken = takeTypedEmail(emails, { text: 'dev@partner.example', refusal: null })
    expect(taken).toEqual({
      emails,
      typed: { text: 'dev@partner.example', refusal: 'duplicateEmail' },
      refused: true,
    })
  })

  it('is nothing to take when only spaces are typed, and an earlier refusal goes', () => {
    const typed = { text: '  ', refusal: 'required' } as const
    expect(isEmailTyped(typed)).toBe(false)
    expect(takeTypedEmail([], typed)).toEqual({ emails: [], typed: noTypedEmail(), refused: false })
  })
})
