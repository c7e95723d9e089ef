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
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { WIZARD_STEPS } from '../pages/wizard/wizard-form'
import { THEME_PREFERENCES } from '../stores/theme-store'

const SRC = fileURLToPath(new URL('..', import.meta.url))
// The catalog as written: imported through Vite, it arrives precompiled (message ASTs, not strings).
const en: unknown = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@tokens/locales/en.json'), 'utf8'),
)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'test-support' ? [] : sourceFiles(path)
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
  })
}

function lookup(key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en)
}

const sources = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }))

describe('message keys used by the SPA', () => {
  it('exist in the catalog for every literal key passed to t()', () => {
    const missing: string[] = []
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/\bt\(\s*'([\w.-]+)'/g)) {
        const key = match[1] ?? ''
        if (typeof lookup(key) !== 'string') missing.push(`${path.slice(SRC.length)}: ${key}`)
      }
    }
    expect(missing).toEqual([])
  })

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

  it('never leave user-visible text in a template literal outside the catalogs', () => {
    // A crude but useful guard: text nodes of templates are either interpolations or empty.
    const offenders: string[] = []
    for (const { path, text } of sources.filter((source) => source.path.endsWith('.vue'))) {
      const template = text.slice(text.indexOf('<template>'), text.lastIndexOf('</template>'))
      for (const match of template.matchAll(/>([^<>{}]*[A-Za-z\u4e00-\u9fff][^<>{}]*)</g)) {
        const words = (match[1] ?? '').trim()
        if (words && !/^[–•·]+$/.test(words)) offenders.push(`${path.slice(SRC.length)}: ${words}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
