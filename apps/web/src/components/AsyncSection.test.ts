import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import { ApiError } from '../api/api-error'
import { useLoader } from '../composables/use-loader'
import { createConsoleI18n } from '../i18n/create-console-i18n'
import AsyncSection from './AsyncSection.vue'

/** A section over a load the test settles: `answer` resolves the pending load, `fail` rejects it. */
function render(failure: { title: string } | { line: (reason: string) => string }) {
  let settle: { answer: (names: string[]) => void; fail: (error: unknown) => void } | null = null
  const loader = useLoader(
    () =>
      new Promise<string[]>((resolve, reject) => {
        settle = { answer: resolve, fail: reject }
      }),
  )
  const wrapper = mount(AsyncSection<string[]>, {
    props: { loader, failure },
    slots: {
      heading: ({ id }: { id: string }) => h('h3', { id }, 'Clients'),
      default: ({ data }: { data: string[] }) => h('p', data.join(', ')),
    },
    global: { plugins: [createConsoleI18n()] },
  })
  return { wrapper, settle: () => settle!, section: () => wrapper.get('section') }
}

describe('AsyncSection', () => {
  it('is a region named by its heading, busy until the load answers, then shows what it loaded', async () => {
    const { section, settle } = render({ title: 'Clients could not be loaded' })
    const heading = section().get('h3')
    expect(section().attributes('aria-labelledby')).toBe(heading.attributes('id'))
    expect(section().attributes('aria-busy')).toBe('true')
    settle().answer(['203.0.113.7', 'curl/8.5'])
    await flushPromises()
    expect(section().attributes('aria-busy')).toBeUndefined()
    expect(section().get('p').text()).toBe('203.0.113.7, curl/8.5')
  })

  it('inside another panel, says the failure as one line around its reason, and loads again on Retry', async () => {
    const { section, settle } = render({ line: (reason) => `Could not preview: ${reason}` })
    settle().fail(new ApiError(409, 'LegacyAlreadyEnabled', ''))
    await flushPromises()
    expect(section().get('[role="alert"] span').text()).toBe(
      'Could not preview: Legacy tokens are already enabled for this account.',
    )
    await section().get('[role="alert"] button').trigger('click')
    expect(section().attributes('aria-busy')).toBe('true')
  })

  it('as a part of a page, titles the failure and gives the reason under it', async () => {
    const { section, settle } = render({ title: 'Clients could not be loaded' })
    settle().fail(new ApiError(409, 'LegacyAlreadyEnabled', ''))
    await flushPromises()
    const alert = section().get('[role="alert"]')
    expect(alert.text()).toContain('Clients could not be loaded')
    expect(alert.text()).toContain('Legacy tokens are already enabled for this account.')
  })
})
