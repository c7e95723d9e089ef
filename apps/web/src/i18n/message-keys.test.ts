// @vitest-environment node
import {
  ACCOUNT_KINDS,
  AUDIT_ACTIONS,
  CREATED_RANGES,
  LEAK_ACTIONS,
  LOCALES,
  ROLES,
  TOKEN_STATES,
} from '@tokens/core'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { CONFIRMED_ACTION_TONES } from '../components/token-actions/token-actions'
import { WIZARD_STEPS } from '../pages/token/token-form-fields'
import { THEME_PREFERENCES } from '../stores/theme-store'

// The catalog as written: imported through Vite, it arrives precompiled (message ASTs, not strings).
const en: unknown = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@tokens/locales/en.json'), 'utf8'),
)

function lookup(key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en)
}

// Literal keys and raw text in templates are lint's (@intlify/vue-i18n, eslint.config.js); a key
// computed at run time is invisible to it, so each value such a key can take is listed here.
describe('message keys used by the SPA', () => {
  it('exist for every value a computed key can take', () => {
    const computed = [
      ...ROLES.map((role) => `roles.${role}`),
      ...ACCOUNT_KINDS.map((kind) => `accountKinds.${kind}`),
      ...TOKEN_STATES.map((state) => `tokenState.${state}`),
      ...CREATED_RANGES.map((range) => `filters.created.${range}`),
      ...LOCALES.map((locale) => `language.names.${locale}`),
      ...THEME_PREFERENCES.map((preference) => `theme.${preference}`),
      ...WIZARD_STEPS.map((step) => `wizard.steps.${step}`),
      ...AUDIT_ACTIONS.map((action) => `auditTrail.actions.${action}`),
      ...['duplicate', 'reset', 'upgrade', 'disable', 'enable', 'delete'].map(
        (action) => `tokenActions.${action}`,
      ),
      ...Object.keys(CONFIRMED_ACTION_TONES).flatMap((action) =>
        ['title', 'description', 'confirm'].map((part) => `dialogs.${action}.${part}`),
      ),
      ...['duplicate', 'reset'].flatMap((action) => [
        `apiPage.issued.${action}.title`,
        `apiPage.issued.${action}.description`,
      ]),
      ...LEAK_ACTIONS.flatMap((action) => [`leaks.actions.${action}`, `leaks.next.${action}`]),
      ...['name', 'description', 'primaryContactUserId', 'developerEmails', 'scopes'].map(
        (field) => `tokenPage.fields.${field}`,
      ),
      ...['required', 'tooLong', 'forbiddenCharacters', 'blank', 'malformedText', 'scopesRequired'].map(
        (name) => `validation.${name}`,
      ),
    ]
    expect(computed.filter((key) => typeof lookup(key) !== 'string')).toEqual([])
  })
})
