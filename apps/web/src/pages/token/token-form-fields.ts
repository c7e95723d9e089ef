import { CreateTokenInput, UpdateTokenInput } from '@tokens/core'

/** The token page's sections, in menu order (`?tab=`). */
export const TOKEN_PAGE_SECTIONS = ['overview', 'credentials', 'scopes', 'usage'] as const
export type TokenPageSection = (typeof TOKEN_PAGE_SECTIONS)[number]

/** The create wizard's steps, in order. */
export const WIZARD_STEPS = ['setup', 'contact', 'scopes', 'create'] as const
export type WizardStep = (typeof WIZARD_STEPS)[number]

type TokenInputField = keyof typeof CreateTokenInput.shape | keyof typeof UpdateTokenInput.shape

/**
 * Where the SPA edits each field of the core's token inputs, in form order: the wizard's step and
 * the token page's section (null: that form does not hold it). The one list of a token's form
 * fields: the page's draft, the wizard's form and their error order all follow from it, and a field
 * added to the core's schema does not compile until it is placed here.
 */
export const TOKEN_FORM_FIELDS = {
  name: { step: 'setup', section: 'overview' },
  description: { step: 'setup', section: 'overview' },
  // The page changes the version through Upgrade only, so a version is never lowered by an edit.
  apiVersion: { step: 'setup', section: null },
  primaryContactUserId: { step: 'contact', section: 'credentials' },
  developerEmails: { step: 'contact', section: 'credentials' },
  scopes: { step: 'scopes', section: 'scopes' },
  // Set through the platform API; the console shows it and offers no control for it.
  rateLimitPerHour: { step: null, section: null },
  // Chosen on the wizard's last step against the account's expiry policy, not a form value.
  expiresAt: { step: null, section: null },
} as const satisfies Record<
  TokenInputField,
  { step: Exclude<WizardStep, 'create'> | null; section: TokenPageSection | null }
>

type Places = typeof TOKEN_FORM_FIELDS
export type DraftField = { [F in keyof Places]: Places[F]['section'] extends null ? never : F }[keyof Places]
export type WizardField = { [F in keyof Places]: Places[F]['step'] extends null ? never : F }[keyof Places]

/** A form's value of each field as the user edits it: optional fields are held empty, never absent. */
type FormValues = { [F in keyof CreateTokenInput]-?: NonNullable<CreateTokenInput[F]> }

const FIELDS = Object.keys(TOKEN_FORM_FIELDS) as (keyof Places)[]

/** The token page's editable fields, in page order. */
export const DRAFT_FIELDS = FIELDS.filter(
  (field) => TOKEN_FORM_FIELDS[field].section !== null,
) as DraftField[]
/** The wizard's fields, in page order: the first refused one is focused. */
export const WIZARD_FIELDS = FIELDS.filter((field) => TOKEN_FORM_FIELDS[field].step !== null) as WizardField[]

/** What the token page lets a user edit before pressing Update. */
export type TokenDraft = Pick<FormValues, DraftField>
/** What the wizard collects before Create. */
export type WizardForm = Pick<FormValues, WizardField>

/** The token page's section that holds a field. */
export function sectionOf(field: DraftField): TokenPageSection {
  return TOKEN_FORM_FIELDS[field].section
}

/** The wizard's fields of one step. */
export function stepFields(step: WizardStep): WizardField[] {
  return WIZARD_FIELDS.filter((field) => TOKEN_FORM_FIELDS[field].step === step)
}
