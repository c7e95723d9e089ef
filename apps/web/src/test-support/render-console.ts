import { within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { flushPromises } from '@vue/test-utils'
import { afterEach, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { AdminApi } from '../api/admin-api'
import { createConsoleApp } from '../create-console-app'
import type { SessionChannel } from '../stores/session-channel'

// Consoles still mounted: each test's are unmounted after it, so a page's timers and watchers
// never run into the next test, whether or not the test unmounted it itself. The language a test
// chose is forgotten too (this browser remembers it), so the next console opens in English again.
const mounted = new Set<() => void>()
afterEach(() => {
  for (const unmount of [...mounted]) unmount()
  localStorage.clear()
  document.documentElement.lang = ''
})

/**
 * Mounts the whole console (router, stores, i18n, shells) on a fake API at `path`, the way a user
 * would open a deep link. Returns helpers that read the rendered page through document.body,
 * since dialogs and menus are portalled there. The console is unmounted, and its language
 * forgotten, after the test. `sessionChannel` stands for the browser's other tabs of the console.
 */
export async function renderConsole(api: AdminApi, path: string, sessionChannel?: SessionChannel) {
  document.body.innerHTML = '<div id="app"></div>'
  const history = createMemoryHistory()
  const { app, router } = await createConsoleApp(api, history, undefined, sessionChannel)
  const unmount = () => {
    if (mounted.delete(unmount)) app.unmount()
  }
  mounted.add(unmount)
  app.mount('#app')
  await router.push(path)
  await settle()
  return {
    app,
    router,
    text: () => document.body.textContent ?? '',
    unmount,
  }
}

/**
 * renderConsole with Testing Library: queries by role and label over the whole document (dialogs
 * and menus are portalled to the body) and a `user` that clicks, types and pastes as a person does.
 * @example const { user, getByRole } = await renderWithConsole(api, '/settings/api'); await user.click(getByRole('button', { name: 'Update' }))
 */
export async function renderWithConsole(api: AdminApi, path: string) {
  const view = await renderConsole(api, path)
  return { ...view, ...within(document.body), user: userEvent.setup() }
}

/** The texts that describe a field to assistive technology (its aria-describedby), in order. */
export function descriptionOf(field: HTMLElement): string[] {
  const ids = field.getAttribute('aria-describedby')?.split(' ').filter(Boolean) ?? []
  return ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
}

/** Lets lazy routes load and pending requests settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

/**
 * Waits until `check` passes (lazy chunks and fake requests resolve over several ticks). Generous,
 * because a loaded 2-core CI machine can take seconds to settle a page; a passing check returns at once.
 */
export function waitFor<T>(check: () => T): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 10 })
}

export function byText<E extends Element = HTMLElement>(selector: string, text: string): E | undefined {
  return [...document.body.querySelectorAll<E>(selector)].find(
    (element) => element.textContent?.trim() === text,
  )
}

export function byLabel<E extends HTMLElement = HTMLElement>(label: string): E | undefined {
  const byAria = document.body.querySelector<E>(`[aria-label="${label}"]`)
  if (byAria) return byAria
  const labelElement = byText<HTMLLabelElement>('label', label)
  const id = labelElement?.htmlFor
  return id ? ((document.getElementById(id) as E | null) ?? undefined) : undefined
}

/** Types into a text field the way the browser reports it to Vue. */
export async function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  field.value = value
  field.dispatchEvent(new Event('input', { bubbles: true }))
  await settle()
}

export async function click(element: Element | undefined | null): Promise<void> {
  if (!element) throw new Error('Nothing to click')
  element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
  await settle()
}

export async function press(element: Element | undefined | null, key: string): Promise<void> {
  if (!element) throw new Error('Nothing to press a key on')
  ;(element as HTMLElement).focus?.()
  element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  await settle()
}

/** Picks an option of a native <select>. */
export async function choose(select: HTMLSelectElement | undefined, value: string): Promise<void> {
  if (!select) throw new Error('No select to choose from')
  select.value = value
  select.dispatchEvent(new Event('change', { bubbles: true }))
  await settle()
}

export function button(name: string, scope: ParentNode = document.body): HTMLButtonElement | undefined {
  return [...scope.querySelectorAll<HTMLButtonElement>('button')].find(
    (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === name,
  )
}
