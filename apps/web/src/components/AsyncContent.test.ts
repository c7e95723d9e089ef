import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import { ApiError } from '../api/api-error'
import { createConsoleI18n } from '../i18n/create-console-i18n'
import AsyncContent from './AsyncContent.vue'

function render(
  props: { status: 'loading' | 'ready' | 'error' } & Record<string, unknown>,
  slots: Record<string, () => unknown> = {},
) {
  return mount(AsyncContent, {
    props: { error: null, ...props },
    slots: { default: () => h('p', 'The content'), empty: () => h('p', 'Nothing yet'), ...slots },
    global: { plugins: [createConsoleI18n()] },
  })
}

describe('AsyncContent', () => {
  it('announces loading with a skeleton instead of the content', () => {
    const wrapper = render({ status: 'loading' })
    expect(wrapper.find('[role="status"]').text()).toBe('Loading…')
    expect(wrapper.text()).not.toContain('The content')
  })

  it('words the failure from its error code and retries on request', async () => {
    const wrapper = render({
      status: 'error',
      error: new ApiError(409, 'LegacyAlreadyEnabled', ''),
      errorTitle: 'Tokens could not be loaded',
    })
    expect(wrapper.find('[role="alert"]').text()).toContain('Tokens could not be loaded')
    expect(wrapper.find('[role="alert"]').text()).toContain(
      'Legacy tokens are already enabled for this account.',
    )
    await wrapper.find('button').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
  })

  it('inside another panel, says Loading… and the failure as one line with Retry', async () => {
    expect(render({ status: 'loading', inline: true }).find('[role="status"]').text()).toBe('Loading…')
    const failed = render({ status: 'error', inline: true, errorMessage: 'The preview could not load.' })
    const alert = failed.find('[role="alert"]')
    expect(alert.find('span').text()).toBe('The preview could not load.')
    await alert.find('button').trigger('click')
    expect(failed.emitted('retry')).toHaveLength(1)
  })

  it.each([
    [{ status: 'ready' as const, empty: true }, 'Nothing yet'],
    [{ status: 'ready' as const, empty: false }, 'The content'],
  ])('shows the state its props say (%o): %s', (props, shown) => {
    expect(render(props).text()).toBe(shown)
  })

  it('lets a page replace a state through the slot of the same name', () => {
    const wrapper = render({ status: 'error' }, { error: () => h('p', 'This token is gone') })
    expect(wrapper.text()).toBe('This token is gone')
  })
})
