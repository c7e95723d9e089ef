import {
  ApiVersion,
  CreateTokenInput,
  DeveloperEmails,
  EntityId,
  isApiVersionOf,
  Scopes,
  TokenDescription,
  TokenName,
  type AccountKind,
} from '@tokens/core'
import { z } from 'zod'

export const WIZARD_STEPS = ['setup', 'contact', 'scopes', 'create'] as const
export type WizardStep = (typeof WIZARD_STEPS)[number]

export interface WizardForm {
  name: string
  description: string
  apiVersion: string
  primaryContactUserId: string
  developerEmails: string[]
  scopes: string[]
}

export type WizardField = keyof WizardForm
/** The form's fields in page order, the first refused one is focused. */
export const WIZARD_FIELDS: readonly WizardField[] = [
  'name',
  'description',
  'apiVersion',
  'primaryContactUserId',
  'developerEmails',
  'scopes',
]
export type WizardErrors = Partial<Record<WizardField, z.ZodError>>

const STEP_FIELDS: Record<WizardStep, Partial<Record<WizardField, z.ZodType>>> = {
  setup: { name: TokenName, description: TokenDescription, apiVersion: ApiVersion },
  contact: { primaryContactUserId: EntityId, developerEmails: DeveloperEmails },
  scopes: { scopes: Scopes },
  create: {},
}

/** A refusal in the shape of the core's own (`{ error: 'required' }`), for rules the SPA checks too. */
function requiredError(path: string): z.ZodError {
  return new z.ZodError([{ code: 'custom', message: 'required', path: [path], input: undefined }])
}

/** Checks one step's fields with the core's schemas; an empty object means the step may be left. */
export function validateStep(step: WizardStep, form: WizardForm, kind: AccountKind): WizardErrors {
  const errors: WizardErrors = {}
  for (const [field, schema] of Object.entries(STEP_FIELDS[step]) as [WizardField, z.ZodType][]) {
    const result = schema.safeParse(form[field])
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
  return CreateTokenInput.safeParse({
    name: form.name,
    ...(form.description.trim() ? { description: form.description } : {}),
    apiVersion: form.apiVersion,
    primaryContactUserId: form.primaryContactUserId,
    developerEmails: form.developerEmails,
    scopes: form.scopes,
    ...(expiresAt ? { expiresAt } : {}),
  })
}
