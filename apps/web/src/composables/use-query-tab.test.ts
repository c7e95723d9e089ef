import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useQueryTab } from './use-query-tab'

const SECTIONS = ['overview', 'credentials', 'usage'] as const

async function mountAt(path: string) {
  let state!: ReturnType<typeof useQueryTab<(typeof SECTIONS)[number]>>
  const Page = defineComponent({
    setup() {
      state = useQueryTab(SECTIONS)
      return () => h('p', state.tab.value)
    },
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/page', component: Page }],
  })
  await router.push(path)
  const wrapper = mount({ render: () => h('main', [h(Page)]) }, { global: { plugins: [router] } })
  await flushPromises()
  return { state, router, wrapper }
}

describe('useQueryTab', () => {
  it.each([
    ['/page', 'overview'],
    ['/page?tab=credentials', 'credentials'],
    ['/page?tab=unknown', 'overview'],
  ])('opens %s on the %s section', async (path, section) => {
    const { state } = await mountAt(path)
    expect(state.tab.value).toBe(section)
  })

  it('writes the section to ?tab= keeping other parameters, and the first section drops it', async () => {
    const { state, router } = await mountAt('/page?name=ci')
    state.tab.value = 'usage'
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ name: 'ci', tab: 'usage' })

    await state.openTab('overview')
    expect(router.currentRoute.value.query).toEqual({ name: 'ci' })
  })

  it('replaces the history entry rather than adding one', async () => {
    const { state, router } = await mountAt('/page')
    const length = window.history.length
    await state.openTab('credentials')
    expect(router.currentRoute.value.fullPath).toBe('/page?tab=credentials')
    expect(window.history.length).toBe(length)
  })
})
