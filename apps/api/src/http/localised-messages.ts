import type { ErrorParams, Locale } from '@tokens/core'
import en from '@tokens/locales/en.json' with { type: 'json' }
import zhCN from '@tokens/locales/zh-CN.json' with { type: 'json' }

type Catalog = { readonly [key: string]: string | Catalog }

const CATALOGS: Record<Locale, Catalog> = { en, 'zh-CN': zhCN }

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : undefined
}

/**
 * The message `key` of the shared catalogs (locales/) in `locale`, with `{name}` parameters filled
 * in. English stands in for a key another locale lacks (the catalog tests keep that from happening).
 */
export function localisedMessage(locale: Locale, key: string, params: ErrorParams = {}): string {
  const template = lookup(CATALOGS[locale], key) ?? lookup(CATALOGS.en, key) ?? key
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name]
    return value === undefined ? placeholder : String(value)
  })
}
