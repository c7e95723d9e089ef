import type { Locale } from '@tokens/core'
import type { Composer } from 'vue-i18n'
import type en from '@tokens/locales/en.json'
import enFirst from '@tokens/locales/en.json?part=first'
import { importLeafModule } from '../lazy-code/code-fetch-failures'
import { joinParts, type CatalogPart } from './catalog-parts'

export type MessageCatalog = typeof en

type CatalogModule = Promise<{ default: Record<string, unknown> }>

/**
 * Each catalog ships in two parts (catalog-parts.ts). English's first part is in the entry bundle;
 * every other part is its own chunk, fetched when needed. Asked for again after a failed download
 * (offline), a part must be fetched anew: see importLeafModule.
 */
const loaders: Record<Locale, Record<CatalogPart, () => CatalogModule>> = {
  en: {
    first: async () => ({ default: enFirst }),
    later: () => import('@tokens/locales/en.json?part=later'),
  },
  'zh-CN': {
    first: () => import('@tokens/locales/zh-CN.json?part=first'),
    later: () => import('@tokens/locales/zh-CN.json?part=later'),
  },
}

async function loadPart(locale: Locale, part: CatalogPart): Promise<Record<string, unknown>> {
  return (await importLeafModule(loaders[locale][part])).default
}

export const bundledMessages = { en: enFirst as MessageCatalog }

/** The whole catalog of `locale`, both parts. */
export async function loadLocaleMessages(locale: Locale): Promise<MessageCatalog> {
  const [first, later] = await Promise.all([loadPart(locale, 'first'), loadPart(locale, 'later')])
  return joinParts(first, later) as MessageCatalog
}

/** Per console (its composer): whether the later part is wanted, and the languages that hold it. */
const wanted = new WeakMap<Composer, { later: boolean; whole: Set<string> }>()

/**
 * Makes sure the composer holds what the console needs of `locale` to show it: the first part and,
 * once a page beyond the first ones (or code they load lazily) has wanted it (`later`), the later
 * part, in every language shown from then on. Throws when a part cannot be fetched; the composer
 * then holds what it held.
 */
export async function ensureLocaleMessages(
  composer: Composer,
  locale: Locale,
  { later = false }: { later?: boolean } = {},
): Promise<void> {
  const state = wanted.get(composer) ?? { later: false, whole: new Set<string>() }
  wanted.set(composer, state)
  if (later) state.later = true
  // Again after each download: the later part may have been wanted meanwhile (a page opened while
  // this language was being fetched).
  for (;;) {
    const hasFirst = composer.availableLocales.includes(locale)
    const needsLater = state.later && !state.whole.has(locale)
    if (hasFirst && !needsLater) return
    const [first, laterPart] = await Promise.all([
      hasFirst ? composer.getLocaleMessage(locale) : loadPart(locale, 'first'),
      needsLater ? loadPart(locale, 'later') : {},
    ])
    // What the composer holds now (another call may have added to it meanwhile), with what came.
    const held = composer.availableLocales.includes(locale) ? composer.getLocaleMessage(locale) : first
    // Typed as the whole catalog: the parts held so far (catalog-parts.ts).
    composer.setLocaleMessage(locale, joinParts(held as Record<string, unknown>, laterPart) as MessageCatalog)
    if (needsLater) state.whole.add(locale)
  }
}
