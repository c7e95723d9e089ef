import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, watch } from 'vue'
import { createMemoryHistory, createRouter, type LocationQuery } from 'vue-router'
import { useQueryFilter } from './use-query-filter'

type Filter = { name: string }
const fromQuery = (query: LocationQuery): Filter => ({
  name: typeof query['name'] === 'string' ? query['name'] : '',
})
const toQuery = (query: LocationQuery, filter: Filter) => ({ ...query, name: filter.name || undefined })

async function mountAt(path: string) {
  let filter!: ReturnType<typeof useQueryFilter<Filter>>
  const seen: Filter[] = []
  const Page = defineComponent({
    setup() {
      filter = useQueryFilter('list', fromQuery, toQuery)
      watch(filter, (next) => seen.push(next))
      return () => h('p', filter.value.name)
    },
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/list', name: 'list', component: Page },
      { path: '/other', name: 'other', component: Page },
    ],
  })
  await router.push(path)
  mount({ render: () => h('main', [h(Page)]) }, { global: { plugins: [router] } })
  await flushPromises()
  return { filter: () => filter, seen, router }
}

describe('useQueryFilter', () => {
  it('reads the filter from the address and writes it back, keeping the other parameters', async () => {
    const { filter, router } = await mountAt('/list?name=ci&tab=usage')
    expect(filter().value).toEqual({ name: 'ci' })
    filter().value = { name: 'deploy' }
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ name: 'deploy', tab: 'usage' })
    expect(filter().value).toEqual({ name: 'deploy' })
  })

  it('reaches the list only on a real change of filter on its own route', async () => {
    const { seen, router } = await mountAt('/list?name=ci')
    await router.replace('/list?name=ci&tab=usage')
    await router.push('/other?name=elsewhere')
    await flushPromises()
    expect(seen).toEqual([])
  })
})
