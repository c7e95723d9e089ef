import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { usePagedList, type ListPage } from './use-paged-list'

type Item = { id: string }
const page = (ids: string[], nextCursor: string | null = null): ListPage<Item> => ({
  items: ids.map((id) => ({ id })),
  nextCursor,
})

function pagedList(
  fetchPage: (
    filter: string,
    cursor: string | undefined,
    signal?: AbortSignal,
  ) => Promise<ListPage<Item>> | null,
  options: { keepWhileRefreshing?: boolean } = {},
) {
  const filter = ref('a')
  const list = effectScope().run(() =>
    usePagedList<Item>(filter, (cursor, signal) => fetchPage(filter.value, cursor, signal), options),
  )!
  return { filter, list }
}

describe('usePagedList', () => {
  it('appends the next page without repeating an item and says how many it added', async () => {
    const { list } = pagedList(async (_filter, cursor) =>
      cursor ? page(['2', '3']) : page(['1', '2'], 'next'),
    )
    await list.reload()
    expect(await list.loadMore()).toBe(1)
    expect(list.items.value.map((item) => item.id)).toEqual(['1', '2', '3'])
    expect(list.nextCursor.value).toBeNull()
  })

  it('reloads when the filter changes and drops the answer to an older filter', async () => {
    const answers: Record<string, (value: ListPage<Item>) => void> = {}
    const { filter, list } = pagedList((value) => new Promise((resolve) => (answers[value] = resolve)))
    void list.reload()
    filter.value = 'b'
    await nextTick()
    answers['b']?.(page(['b1']))
    answers['a']?.(page(['a1']))
    await flushPromises()
    expect(list.items.value).toEqual([{ id: 'b1' }])
  })

  it('shows an empty, ready list when the filter cannot be asked', async () => {
    const { list } = pagedList(() => null)
    await list.reload()
    expect(list.status.value).toBe('ready')
    expect(list.items.value).toEqual([])
  })

  it('keeps the loaded items on screen while refreshing, when asked to', async () => {
    let answer: (value: ListPage<Item>) => void = () => {}
    const { list } = pagedList(() => new Promise((resolve) => (answer = resolve)), {
      keepWhileRefreshing: true,
    })
    const first = list.reload()
    answer(page(['1']))
    await first
    void list.reload()
    expect(list.status.value).toBe('ready')
    expect(list.refreshing.value).toBe(true)
    expect(list.items.value).toEqual([{ id: '1' }])
  })
})
