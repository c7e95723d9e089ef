import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref, shallowRef, type Component } from 'vue'
import { createConsoleI18n } from '../i18n/create-console-i18n'
import DialogLoadState from './DialogLoadState.vue'
import type { DialogLoadFailure, LazyDialog } from './lazy-dialog'

/** A page's lazy dialog whose code the test fails to download (`fail`); Dismiss takes the error away. */
function failingDialog() {
  const failure = shallowRef<DialogLoadFailure | null>(null)
  const dialog: LazyDialog<Component> = {
    component: shallowRef(null),
    prefetch: () => undefined,
    open: async () => undefined,
    waitingFor: ref(null),
    failure,
    retry: () => undefined,
    dismiss: () => (failure.value = null),
    dismissUnlessShown: () => undefined,
  }
  const fail = () => (failure.value = { offline: false, choice: { action: () => 'Disable' } })
  return { dialog, fail }
}

/** The page: an action's control, a heading to continue at, and the dialogs' load state. */
function renderPage() {
  const { dialog, fail } = failingDialog()
  const page = defineComponent(() => {
    const heading = ref<HTMLElement | null>(null)
    return () => [
      h('button', { id: 'action' }, 'More'),
      h('h2', { ref: heading, tabindex: -1 }, 'Tokens'),
      h(DialogLoadState, { dialogs: [dialog], focusAfterRemoval: () => [heading.value] }),
    ]
  })
  const wrapper = mount(page, { attachTo: document.body, global: { plugins: [createConsoleI18n()] } })
  return { wrapper, fail, action: () => document.getElementById('action') as HTMLElement }
}

/** A download fails, its error takes focus, and the user dismisses it. */
async function failThenDismiss(wrapper: ReturnType<typeof mount>, fail: () => void): Promise<void> {
  fail()
  await vi.waitFor(() =>
    expect(wrapper.find('.dialog-load-error').element.contains(document.activeElement)).toBe(true),
  )
  await wrapper
    .findAll('button')
    .find((button) => button.text() === 'Dismiss')!
    .trigger('click')
}

describe('DialogLoadState', () => {
  it('does not send focus back to the control of an earlier failure when a new one came with focus on the body', async () => {
    const { wrapper, fail, action } = renderPage()
    // A first failure, chosen from the action's control: Dismiss hands focus back to it.
    action().focus()
    await failThenDismiss(wrapper, fail)
    await vi.waitFor(() => expect(document.activeElement).toBe(action()))
    // A second one comes while nothing on the page has focus.
    action().blur()
    expect(document.activeElement).toBe(document.body)
    await failThenDismiss(wrapper, fail)
    await vi.waitFor(() => expect(document.activeElement).toBe(wrapper.find('h2').element))
    wrapper.unmount()
  })
})
