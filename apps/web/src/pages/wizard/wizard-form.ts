import { CreateTokenInput, isApiVersionOf, type AccountKind } from '@tokens/core'
import { z } from 'zod'
import type { ExpiryDraft } from '../../components/token-lifecycle/token-expiry'
import { stepFields, type WizardField, type WizardForm, type WizardStep } from '../token/token-form-fields'

export type WizardErrors = Partial<Record<WizardField, z.ZodError>>

/** A refusal in the shape of the core's own (`{ error: 'required' }`), for rules the SPA checks too. */
function requiredError(path: string): z.ZodError {
  return new z.ZodError([{ code: 'custom', message: 'required', path: [path], input: undefined }])
}

/** Checks one step's fields with the core's schemas; an empty object means the step may be left. */
export function validateStep(step: WizardStep, form: WizardForm, kind: AccountKind): WizardErrors {
  const errors: WizardErrors = {}
  for (const field of stepFields(step)) {
    const result = CreateTokenInput.shape[field].safeParse(form[field])
    if (!result.success) errors[field] = result.error
  }
  if (step === 'setup' && !errors.apiVersion && !isApiVersionOf(kind, form.apiVersion)) {
    errors.apiVersion = requiredError('apiVersion')
  }
  if (step === 'contact' && errors.primaryContactUserId)
    errors.primaryContactUserId = requiredError('primaryContactUserId')
  return errors
}

/** The request body, parsed by the same schema the API parses it with (`expiresAt` null: never expires). */
export function createTokenRequest(form: WizardForm, expiresAt: string | null = null) {
  const { description, ...fields } = form
  return CreateTokenInput.safeParse({
    ...fields,
    ...(description.trim() ? { description } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  })
}

/**
 * Whether the wizard holds work that leaving would lose: a field, or the expiry, other than when it
 * opened. Field by field over the form's own keys, so a field added to the form counts with no
 * change here.
 */
export function isWizardChanged(
  now: { form: WizardForm; expiry: ExpiryDraft },
  opened: { form: WizardForm; expiry: ExpiryDraft },
): boolean {
  const fields = Object.keys(opened.form) as (keyof WizardForm)[]
  return (
    fields.some((field) => JSON.stringify(now.form[field]) !== JSON.stringify(opened.form[field])) ||
    now.expiry.choice !== opened.expiry.choice ||
    now.expiry.date !== opened.expiry.date
  )
}
