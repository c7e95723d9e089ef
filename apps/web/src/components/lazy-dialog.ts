import {
  nextTick,
  onBeforeUnmount,
  onMounted,
  ref,
  shallowRef,
  type Component,
  type Ref,
  type ShallowRef,
} from 'vue'
import { browserOnline, importLeafModule, loadPageAgain } from '../lazy-code/code-fetch-failures'
import { useLocaleStore } from '../stores/locale-store'

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

/** How long a chosen action may wait for its dialog's code before it says so (no flash when it is quick). */
export const DIALOG_LOADING_DELAY_MS = 200

/**
 * What a request to open a dialog was for, as the user chose it: its error names it, so that with
 * several cards on screen the reader knows what Retry will open.
 */
export interface DialogChoice {
  /** The action as its menu item or button names it, in the language on screen when called. */
  action: () => string
  /** What it acts on when the page shows several (a token's name: user text, rendered as text). */
  target?: string
}

export interface DialogLoadFailure {
  /** The browser said it was offline when the dialog's code failed to download. */
  offline: boolean
  /** The request that failed. */
  choice: DialogChoice
}

export interface LazyDialog<C extends Component> {
  /** The dialog to render (`<component :is>`), null until its code is here. */
  readonly component: Readonly<ShallowRef<C | null>>
  /** Starts the download if it has not happened: when the user reaches for an action. */
  prefetch(): void
  /**
   * Runs `show` once the dialog is rendered (its template ref set). Only the last request is run:
   * an action chosen twice on a slow connection runs once, not twice when the code arrives.
   * `subject` names what it was chosen on (a token's id), for `waitingFor`; `choice` words it for
   * the user, should its code fail to download.
   */
  open(subject: string, choice: DialogChoice, show: () => void): Promise<void>
  /**
   * The subject of the request still waiting for the dialog's code past DIALOG_LOADING_DELAY_MS,
   * whose action then shows it is busy; null otherwise.
   */
  readonly waitingFor: Readonly<Ref<string | null>>
  /** The last request's code could not be downloaded (DialogLoadState says so, with Retry). */
  readonly failure: Readonly<Ref<DialogLoadFailure | null>>
  /** Runs the last request again. */
  retry(): void
  /**
   * The user has moved on (Dismiss, or another of the page's dialogs chosen): the error goes, and a
   * request still waiting for the code is dropped, so it does not open when the code arrives.
   */
  dismiss(): void
  /**
   * Dismisses the last request, waiting or failed, once what it was chosen on is no longer on screen
   * (`isShown(subject)` is false): neither its Retry nor its code arriving may open an action on a
   * token the user no longer sees.
   */
  dismissUnlessShown(isShown: (subject: string) => boolean): void
}

/**
 * A page's dialog whose code loads after the page has shown: fetched as soon as the page has
 * mounted (after the page's own requests have gone out), and on `prefetch` when the user points at
 * or focuses an action, so the first action opens as quickly as when the dialog came with the page,
 * and still opens when the connection drops once the page is there. When the user has to wait for
 * it anyway (a slow connection), or it cannot be downloaded, the page says so (DialogLoadState and
 * the action's busy state) instead of a click that seems to do nothing.
 */
export function useLazyDialog<C extends Component>(code: DialogCode<C>): LazyDialog<C> {
  const component: ShallowRef<C | null> = shallowRef(code.loaded) as ShallowRef<C | null>
  const waitingFor = ref<string | null>(null)
  const failure = shallowRef<DialogLoadFailure | null>(null)

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
    // A failed prefetch is said only if the user then asks for the dialog (open).
    if (!component.value) fetch().catch(() => undefined)
  }

  let requests = 0
  let last: { subject: string; choice: DialogChoice; show: () => void } | null = null
  /** Whether the user was told already that the dialog could not be downloaded. */
  let failedBefore = false
  async function open(subject: string, choice: DialogChoice, show: () => void): Promise<void> {
    const request = ++requests
    last = { subject, choice, show }
    failure.value = null
    // Already waiting: the new choice shows busy at once, as the one it replaces did.
    if (waitingFor.value !== null) waitingFor.value = subject
    const notice = setTimeout(() => {
      if (request === requests) waitingFor.value = subject
    }, DIALOG_LOADING_DELAY_MS)
    try {
      await fetch()
    } catch {
      if (request !== requests) return
      // Asked for again online and refused again: a module the dialog imports failed too, which the
      // browser remembers (code-fetch-failures.ts); only loading the page anew fetches it, as a
      // part's Retry does (lazyPart).
      if (failedBefore && loadPageAgain()) return
      failedBefore = true
      failure.value = { offline: !browserOnline(), choice }
      return
    } finally {
      clearTimeout(notice)
      if (request === requests) waitingFor.value = null
    }
    // Rendered in the next update, which sets the page's template ref to it.
    await nextTick()
    if (request === requests) show()
  }

  onMounted(prefetch)
  // The page has gone (the user went elsewhere while the code was on its way): a request still
  // waiting is dropped, so it neither opens nor, refused again, reloads the page the user is now on.
  onBeforeUnmount(() => void requests++)

  function dismiss(): void {
    requests++
    waitingFor.value = null
    failure.value = null
  }

  return {
    component,
    prefetch,
    open,
    waitingFor,
    failure,
    retry: () => void (last && open(last.subject, last.choice, last.show)),
    dismiss,
    dismissUnlessShown: (isShown) => {
      // A request whose dialog has opened is dismissed to no effect: that dialog is on screen already.
      if (last && !isShown(last.subject)) dismiss()
    },
  }
}
