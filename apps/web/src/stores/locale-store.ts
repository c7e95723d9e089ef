import { DEFAULT_LOCALE, type Locale } from '@tokens/core'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useAdminApi } from '../api/admin-api-context'
import { useConsoleI18n } from '../i18n/console-i18n-context'
import { chooseInitialLocale, LOCALE_STORAGE_KEY } from '../i18n/initial-locale'
import { ensureLocaleMessages } from '../i18n/locale-messages'
import { browserOnline } from '../lazy-code/code-fetch-failures'
import { browserStorage } from './browser-storage'
import { useSessionStore } from './session-store'

/** A language's catalog could not be fetched (offline): the console stays in the language it shows. */
export class LocaleUnavailableError extends Error {
  readonly locale: Locale
  readonly offline: boolean

  constructor(locale: Locale, cause: unknown) {
    super(`The ${locale} catalog could not be loaded`, { cause })
    this.name = 'LocaleUnavailableError'
    this.locale = locale
    this.offline = !browserOnline()
  }
}

export const useLocaleStore = defineStore('locale', () => {
  const composer = useConsoleI18n()
  const api = useAdminApi()
  const session = useSessionStore()

  const locale = ref<Locale>(composer.locale.value as Locale)
  /**
   * A choice made here while signed out (on the login page) wins over the one saved on the server
   * at the next sign-in, once. One made while signed in is that user's own: it must not carry over
   * to whoever signs in next in this page.
   */
  let chosenHere = false

  /** Languages asked for so far: a catalog that arrives after a newer choice is not shown. */
  let asked = 0

  /**
   * Shows `next` once its catalog is here; answers false, changing nothing, when another language
   * was asked for meanwhile (a slow download must not undo the user's later choice).
   */
  async function apply(next: Locale): Promise<boolean> {
    const mine = ++asked
    try {
      await ensureLocaleMessages(composer, next)
    } catch (failure) {
      if (mine !== asked) return false
      throw new LocaleUnavailableError(next, failure)
    }
    if (mine !== asked) return false
    composer.locale.value = next
    locale.value = next
    document.documentElement.lang = next
    return true
  }

  async function initialise(): Promise<void> {
    await apply(
      chooseInitialLocale({
        saved: session.user?.locale,
        stored: browserStorage.read(LOCALE_STORAGE_KEY),
        browser: globalThis.navigator?.languages ?? [],
      }),
    )
  }

  async function saveOnServer(next: Locale): Promise<void> {
    await api.session.updatePreferences({ locale: next })
    session.setSavedLocale(next)
  }

  /**
   * The switcher: shows the language at once, remembers it here and, when signed in, for the user.
   * Throws LocaleUnavailableError (nothing changed) when its catalog cannot be fetched; does nothing
   * more once another language was chosen while this one's catalog was on its way.
   */
  async function choose(next: Locale): Promise<void> {
    chosenHere = !session.signedIn
    if (!(await apply(next))) return
    browserStorage.write(LOCALE_STORAGE_KEY, next)
    if (session.signedIn) await saveOnServer(next)
  }

  /** Right after signing in: keep a choice made on the login page, else take the user's saved one. */
  async function settleAfterLogin(): Promise<void> {
    const saved = session.user?.locale ?? null
    if (chosenHere) {
      chosenHere = false
      if (saved !== locale.value) await saveOnServer(locale.value)
      return
    }
    if (saved && saved !== locale.value && (await apply(saved))) {
      browserStorage.write(LOCALE_STORAGE_KEY, saved)
    }
  }

  /**
   * The messages of the pages beyond the first ones (catalog-parts.ts), in the language shown and
   * every one shown later: before such a page, or code a first page loads lazily, is shown. Throws
   * when they cannot be fetched (offline).
   */
  async function loadLaterMessages(): Promise<void> {
    // English's too, the fallback that ships with the console: switching to it keeps working offline.
    await Promise.all(
      [...new Set([locale.value, DEFAULT_LOCALE])].map((shown) =>
        ensureLocaleMessages(composer, shown, { later: true }),
      ),
    )
  }

  return { locale, initialise, choose, settleAfterLogin, loadLaterMessages }
})
