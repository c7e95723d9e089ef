import { nextTick, onMounted, shallowRef, type Component, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { browserOnline, importLeafModule, loadPageAgain } from '../lazy-code/code-fetch-failures'
import { useLocaleStore } from '../stores/locale-store'
import { useToastStore } from '../stores/toast-store'

/**
 * The code of a dialog a page opens only on a user action (the token actions, the legacy resets),
 * kept out of the page's initial load. Declared once per module, so the download is shared by
 * every visit of the page and, once done, the dialog renders at once.
 * @example const actionDialogs = dialogCode(() => import('./TokenActionDialogs.vue'))
 */
export interface DialogCode<C extends Component> {
  /** The dialog component, once downloaded. */
  readonly loaded: C | null
  /** Downloads it (one download at a time; a failed one is tried anew on the next call). */
  load(): Promise<C>
}

/**
 * Chromium remembers a module it failed to fetch (code-fetch-failures.ts): importing the dialog
 * again at its address fails at once, even back online, so a dialog whose download failed (the
 * prefetch at mount on a dropped connection) would never open. A failed import is therefore tried
 * at a fresh address of the dialog's module, whose dependencies, downloaded with the page's or
 * before, load as they are.
 */
export function dialogCode<C extends Component>(
  load: () => Promise<{ default: C }>,
  importAt?: (href: string) => Promise<unknown>,
): DialogCode<C> {
  let loaded: C | null = null
  let pending: Promise<C> | null = null
  return {
    get loaded() {
      return loaded
    },
    load() {
      pending ??= importLeafModule(load, importAt).then(
        (module) => (loaded = module.default),
        (failure: unknown) => {
          pending = null
          throw failure
        },
      )
      return pending
    },
  }
}

export interface LazyDialog<C extends Component> {
  /** The dialog to render (`<component :is>`), null until its code is here. */
  readonly component: Readonly<ShallowRef<C | null>>
  /** Starts the download if it has not happened: when the user reaches for an action. */
  prefetch(): void
  /**
   * Before running the dialog: resolves true once it is rendered (its template ref set); false when
   * its code could not be downloaded, which an error toast then says (offline, or retry / reload),
   * as a part of a page that fails to load does, instead of a dialog that never opens. False too
   * when the user asked again while the code was on its way: only the last request is run (an
   * action chosen twice on a slow connection runs once, not twice when the code arrives).
   */
  ready(): Promise<boolean>
}

/**
 * A page's dialog whose code loads after the page has shown: fetched as soon as the page has
 * mounted (after the page's own requests have gone out), and on `prefetch` when the user points at
 * or focuses an action, so the first action opens as quickly as when the dialog came with the page,
 * and still opens when the connection drops once the page is there.
 */
export function useLazyDialog<C extends Component>(code: DialogCode<C>): LazyDialog<C> {
  const { t } = useI18n()
  const toasts = useToastStore()
  const component: ShallowRef<C | null> = shallowRef(code.loaded) as ShallowRef<C | null>

  const locale = useLocaleStore()

  /**
   * The dialog's code, and the messages of the catalog's later part that its fields may show. One
   * download at a time, joined by every request meanwhile: on a failing network each new one would
   * add an import at a fresh address (importLeafModule) to those still pending. Forgotten once
   * settled, so a failed one is tried anew on the next request.
   */
  let fetching: Promise<void> | null = null
  function fetch(): Promise<void> {
    fetching ??= Promise.all([component.value ?? code.load(), locale.loadLaterMessages()])
      .then(([loaded]) => {
        component.value = loaded
      })
      .finally(() => (fetching = null))
    return fetching
  }
  function prefetch(): void {
    // A failed prefetch is said only if the user then asks for the dialog (ready).
    if (!component.value) fetch().catch(() => undefined)
  }
  let requests = 0
  /** Whether the user was told already that the dialog could not be downloaded. */
  let failedBefore = false
  async function ready(): Promise<boolean> {
    const request = ++requests
    try {
      await fetch()
    } catch {
      // Asked for again online and refused again: a module the dialog imports failed too, which the
      // browser remembers (code-fetch-failures.ts); only loading the page anew fetches it, as a
      // part's Retry does (lazyPart).
      if (failedBefore && request === requests && loadPageAgain()) return false
      failedBefore = true
      if (request === requests) toasts.error(t(browserOnline() ? 'states.partFailed' : 'states.partOffline'))
      return false
    }
    // Rendered in the next update, which sets the page's template ref to it.
    await nextTick()
    return request === requests
  }

  onMounted(prefetch)

  return { component, prefetch, ready }
}
