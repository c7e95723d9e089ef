import type { Locale } from '@tokens/core'
import en from '@tokens/locales/en.json'

export type MessageCatalog = typeof en

/** English ships in the entry bundle; every other catalog is its own chunk, fetched when chosen. */
const loaders: Record<Locale, () => Promise<MessageCatalog>> = {
  en: async () => en,
  'zh-CN': async () => (await import('@tokens/locales/zh-CN.json')).default as MessageCatalog,
}

export const bundledMessages = { en }

export function loadLocaleMessages(locale: Locale): Promise<MessageCatalog> {
  return loaders[locale]()
}
