import type { Locale } from '@tokens/core'
import en from '@tokens/locales/en.json'
import { importLeafModule } from '../lazy-code/code-fetch-failures'

export type MessageCatalog = typeof en

/** English ships in the entry bundle; every other catalog is its own chunk, fetched when chosen. */
const loaders: Record<Locale, () => Promise<MessageCatalog>> = {
  en: async () => en,
  // Chosen again after a failed download (offline), it must be fetched anew: see importLeafModule.
  'zh-CN': async () =>
    (await importLeafModule(() => import('@tokens/locales/zh-CN.json'))).default as MessageCatalog,
}

export const bundledMessages = { en }

export function loadLocaleMessages(locale: Locale): Promise<MessageCatalog> {
  return loaders[locale]()
}
