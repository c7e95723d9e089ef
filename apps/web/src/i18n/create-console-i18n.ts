import { DEFAULT_LOCALE, type Locale } from '@tokens/core'
import { createI18n } from 'vue-i18n'
import { bundledMessages, type MessageCatalog } from './locale-messages'

export function createConsoleI18n() {
  return createI18n<[MessageCatalog], Locale, false>({
    legacy: false,
    locale: DEFAULT_LOCALE,
    fallbackLocale: DEFAULT_LOCALE,
    messages: bundledMessages as Record<Locale, MessageCatalog>,
    // A missing key is a bug the catalog parity test catches; the console must never print warnings to users.
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type ConsoleI18n = ReturnType<typeof createConsoleI18n>
