import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { PAGES_FOLLOWED, usePagedList, type ListPage } from './use-paged-list'

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

  it('reads the next page when every item shown went while more pages wait, not saying it is empty', async () => {
    const fetchPage = vi.fn(async (_filter: string, cursor: string | undefined) =>
      cursor ? page(['3']) : page(['1', '2'], 'next'),
    )
    const { list } = pagedList(fetchPage)
    await list.reload()
    list.items.value = []
    await flushPromises()
    expect(fetchPage.mock.calls.at(-1)?.[1]).toBe('next')
    expect(list.items.value.map((item) => item.id)).toEqual(['3'])
    expect(list.nextCursor.value).toBeNull()
  })

  it('does not read the old filter’s next page while a reload for a new filter is under way', async () => {
    let answerB: (page: ListPage<Item>) => void = () => {}
    const fetchPage = vi.fn((filter: string, cursor: string | undefined) =>
      filter === 'a'
        ? Promise.resolve(cursor ? page(['3']) : page(['1', '2'], 'next'))
        : new Promise<ListPage<Item>>((resolve) => (answerB = resolve)),
    )
    const { filter, list } = pagedList(fetchPage, { keepWhileRefreshing: true })
    await list.reload()
    filter.value = 'b'
    await nextTick()
    list.items.value = []
    await flushPromises()
    expect(fetchPage.mock.calls.filter((call) => call[1] === 'next')).toEqual([])
    answerB(page(['9']))
    await flushPromises()
    expect(list.items.value.map((item) => item.id)).toEqual(['9'])
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

describe('usePagedList reading one page again', () => {
  type Row = { id: string; status: string }
  const rows = (status: string, ...ids: string[]): ListPage<Row> => ({
    items: ids.map((id) => ({ id, status })),
    nextCursor: null,
  })

  it('reads again the page an item was loaded with and updates its items in place, keeping the pages around it', async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined): Promise<ListPage<Row>> => {
      if (cursor === undefined) return { ...rows('failed', '1', '2'), nextCursor: 'c2' }
      if (cursor === 'c2') return { ...rows('failed', '3', '4'), nextCursor: 'c3' }
      return rows('failed', '5')
    })
    const list = effectScope().run(() => usePagedList<Row>(ref('all'), fetchPage))!
    await list.reload()
    await list.loadMore()
    await list.loadMore()
    fetchPage.mockImplementation(async () => ({ ...rows('pending', '3', '4'), nextCursor: 'c3' }))

    await list.reloadPageOf('4')
    expect(fetchPage).toHaveBeenLastCalledWith('c2', expect.anything())
    expect(list.items.value.map((row) => `${row.id}:${row.status}`)).toEqual([
      '1:failed',
      '2:failed',
      '3:pending',
      '4:pending',
      '5:failed',
    ])
    expect(list.nextCursor.value).toBeNull()
  })

  /**
   * Rows '1', '2' on the first page (then 'c2'), '3' on the second, all failed; `rereadFollowing`
   * reads row '2''s page again, which now ends at 'c1': the first page then the one after it are
   * asked, and it answers the rows shown.
   */
  async function twoPagesLoaded() {
    const fetchPage = vi.fn(async (cursor: string | undefined): Promise<ListPage<Row>> =>
      cursor === undefined ? { ...rows('failed', '1', '2'), nextCursor: 'c2' } : rows('failed', '3'),
    )
    const list = effectScope().run(() => usePagedList<Row>(ref('all'), fetchPage))!
    await list.reload()
    await list.loadMore()
    async function rereadFollowing(): Promise<string[]> {
      await list.reloadPageOf('2')
      expect(fetchPage.mock.calls.slice(-2).map(([cursor]) => cursor)).toEqual([undefined, 'c1'])
      return list.items.value.map((row) => `${row.id}:${row.status}`)
    }
    return { fetchPage, rereadFollowing }
  }

  it('follows an item newer items pushed off the end of its page to the page after it', async () => {
    const { fetchPage, rereadFollowing } = await twoPagesLoaded()
    // A newer item came first meanwhile: the first page ends before '2' now, which another resent.
    fetchPage.mockImplementation(async (cursor) =>
      cursor === undefined
        ? { ...rows('failed', '0', '1'), nextCursor: 'c1' }
        : { items: [{ id: '2', status: 'pending' }, ...rows('failed', '3').items], nextCursor: null },
    )

    expect(await rereadFollowing()).toEqual(['1:failed', '2:pending', '3:failed'])
  })

  it('stops following an item at a page that holds a row shown after it: the item is gone', async () => {
    const { fetchPage, rereadFollowing } = await twoPagesLoaded()
    fetchPage.mockImplementation(async (cursor) =>
      cursor === undefined
        ? { ...rows('failed', '0', '1'), nextCursor: 'c1' }
        : { ...rows('pending', '3', '4'), nextCursor: 'c4' },
    )

    expect(await rereadFollowing()).toEqual(['1:failed', '2:failed', '3:pending'])
  })

  it('follows an item that is in no page and has no row shown after it only a few pages on, not to the end of the list', async () => {
    // '2' is the last row shown, and was deleted meanwhile: the pages after it hold only rows never shown.
    const fetchPage = vi.fn(async (cursor: string | undefined): Promise<ListPage<Row>> =>
      cursor === undefined ? { ...rows('failed', '1', '2'), nextCursor: 'c2' } : rows('failed', '3'),
    )
    const list = effectScope().run(() => usePagedList<Row>(ref('all'), fetchPage))!
    await list.reload()
    fetchPage.mockImplementation(async (cursor) => {
      const at = cursor === undefined ? 0 : Number(cursor.slice(1))
      return { ...rows('failed', `older${at}`), nextCursor: at < 1_000 ? `p${at + 1}` : null }
    })
    fetchPage.mockClear()

    await list.reloadPageOf('2')
    expect(fetchPage).toHaveBeenCalledTimes(1 + PAGES_FOLLOWED)
    expect(list.items.value.map((row) => row.id)).toEqual(['1', '2'])
  })

  it('reads the first page again for an item of the first page, and drops the answer once the list has reloaded', async () => {
    let answer: (value: ListPage<Row>) => void = () => {}
    const fetchPage = vi.fn(async (): Promise<ListPage<Row>> => rows('failed', '1'))
    const list = effectScope().run(() => usePagedList<Row>(ref('all'), fetchPage))!
    await list.reload()
    fetchPage.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    const reading = list.reloadPageOf('1')
    expect(fetchPage).toHaveBeenLastCalledWith(undefined, expect.anything())
    await list.reload()
    answer(rows('pending', '1'))
    await reading
    expect(list.items.value).toEqual([{ id: '1', status: 'failed' }])
  })

  it('keeps what a page asked again later says when the page asked before it answers last', async () => {
    const answers: Array<(value: ListPage<Row>) => void> = []
    const fetchPage = vi.fn(async (): Promise<ListPage<Row>> => rows('failed', '1', '2'))
    const list = effectScope().run(() => usePagedList<Row>(ref('all'), fetchPage))!
    await list.reload()
    fetchPage.mockImplementation(() => new Promise((resolve) => answers.push(resolve)))
    const earlier = list.reloadPageOf('1')
    const later = list.reloadPageOf('2')

    answers[1]?.(rows('pending', '1', '2'))
    await later
    answers[0]?.(rows('failed', '1', '2'))
    await earlier
    expect(list.items.value.map((row) => `${row.id}:${row.status}`)).toEqual(['1:pending', '2:pending'])
  })

  it('keeps an action’s answer shown in place over a page asked again before it', async () => {
    let answer: (value: ListPage<Row>) => void = () => {}
    const fetchPage = vi.fn(async (): Promise<ListPage<Row>> => rows('failed', '1', '2'))
    const list = effectScope().run(() => usePagedList<Row>(ref('all'), fetchPage))!
    await list.reload()
    fetchPage.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    const reading = list.reloadPageOf('1')

    list.replace({ id: '2', status: 'pending' })
    answer({
      items: [
        { id: '1', status: 'pending' },
        { id: '2', status: 'failed' },
      ],
      nextCursor: null,
    })
    await reading
    expect(list.items.value.map((row) => `${row.id}:${row.status}`)).toEqual(['1:pending', '2:pending'])
  })
})
