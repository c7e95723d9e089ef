import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../errors/error-codes.js'
import { LOCALES } from './locales.js'
import { CATALOG_DATA } from '../scopes/catalog-data.js'

type Catalog = { [key: string]: string | Catalog }

function load(locale: string): Catalog {
  const url = new URL(`../../../../locales/${locale}.json`, import.meta.url)
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Catalog
}

function keysOf(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : keysOf(value, `${prefix}${key}.`),
  )
}

/** The distinct parameters of a message: plural forms repeat them, and a locale may have fewer forms. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))].sort()
}

function valueAt(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : undefined
}

describe('locale catalogs', () => {
  const catalogs = Object.fromEntries(LOCALES.map((l) => [l, load(l)]))
  const en = catalogs.en as Catalog

  it('hold exactly the same keys in every locale', () => {
    const reference = keysOf(en).sort()
    for (const locale of LOCALES) expect(keysOf(catalogs[locale] as Catalog).sort()).toEqual(reference)
  })

  it('use the same message parameters in every locale', () => {
    for (const key of keysOf(en)) {
      for (const locale of LOCALES) {
        expect(placeholders(valueAt(catalogs[locale] as Catalog, key) ?? ''), `${locale}:${key}`).toEqual(
          placeholders(valueAt(en, key) ?? ''),
        )
      }
    }
  })

  it('have no empty message', () => {
    for (const locale of LOCALES) {
      for (const key of keysOf(catalogs[locale] as Catalog)) {
        expect(valueAt(catalogs[locale] as Catalog, key)?.trim(), `${locale}:${key}`).not.toBe('')
      }
    }
  })

  it('have a message for every error code and every scope category', () => {
    const keys = new Set(keysOf(en))
    for (const code of ERROR_CODES) expect(keys.has(`errors.${code}`), code).toBe(true)
    for (const category of Object.values(CATALOG_DATA).flat()) {
      expect(keys.has(`scopeCategories.${category.id}`), category.id).toBe(true)
    }
  })
})
