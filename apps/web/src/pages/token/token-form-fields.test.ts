import { CreateTokenInput, UpdateTokenInput } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { draftOf } from './token-draft'
import {
  DRAFT_FIELDS,
  stepFields,
  TOKEN_FORM_FIELDS,
  TOKEN_PAGE_SECTIONS,
  WIZARD_FIELDS,
  WIZARD_STEPS,
} from './token-form-fields'

describe('the token form fields', () => {
  it('place every field of the core token inputs, and nothing else', () => {
    const inputFields = new Set([
      ...Object.keys(CreateTokenInput.shape),
      ...Object.keys(UpdateTokenInput.shape),
    ])
    expect(new Set(Object.keys(TOKEN_FORM_FIELDS))).toEqual(inputFields)
  })

  it('give the token page a draft of exactly the fields placed in one of its sections', () => {
    expect(Object.keys(draftOf(makeToken()))).toEqual(DRAFT_FIELDS)
    for (const field of DRAFT_FIELDS) expect(TOKEN_PAGE_SECTIONS).toContain(TOKEN_FORM_FIELDS[field].section)
  })

  it('give every wizard field to exactly one step, in form order', () => {
    expect(WIZARD_STEPS.flatMap((step) => stepFields(step))).toEqual(WIZARD_FIELDS)
  })
})
