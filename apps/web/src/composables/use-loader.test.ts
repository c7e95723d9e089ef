import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, effectScope, h } from 'vue'
import { useLoader } from './use-loader'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (failure: unknown) => void
  const promise = new Promise<T>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

describe('useLoader', () => {
  it('loads when its component mounts and holds the answer once ready', async () => {
    let loader!: ReturnType<typeof useLoader<string>>
    const Host = defineComponent({
      setup() {
        loader = useLoader(async () => 'answer')
        return () => h('p', loader.status.value)
      },
    })
    const wrapper = mount(Host)
    expect(loader.status.value).toBe('loading')
    await flushPromises()
    expect(loader.status.value).toBe('ready')
    expect(loader.data.value).toBe('answer')
    expect(wrapper.text()).toBe('ready')
  })

  it('keeps the failure for the error state, and a retry that succeeds makes it ready again', async () => {
    let calls = 0
    const scope = effectScope()
    const loader = scope.run(() =>
      useLoader(async () => {
        if (++calls === 1) throw new Error('offline')
        return 42
      }),
    )!
    await flushPromises()
    expect(loader.status.value).toBe('error')
    expect(loader.error.value).toBeInstanceOf(Error)

    await loader.load()
    expect(loader.status.value).toBe('ready')
    expect(loader.data.value).toBe(42)
    scope.stop()
  })

  it('drops the answer of an older load that ends after a newer one', async () => {
    const answers = [deferred<string>(), deferred<string>()]
    let call = 0
    const scope = effectScope()
    const loader = scope.run(() => useLoader(() => answers[call++]!.promise, { immediate: false }))!
    const first = loader.load()
    const second = loader.load()
    answers[1]!.resolve('new')
    await second
    answers[0]!.resolve('old')
    await first
    expect(loader.data.value).toBe('new')
    expect(loader.status.value).toBe('ready')
    scope.stop()
  })

  it.each([
    { keepWhileRefreshing: false, during: 'loading' },
    { keepWhileRefreshing: true, during: 'ready' },
  ])(
    'shows a reload as $during when keepWhileRefreshing is $keepWhileRefreshing, refreshing until it ends',
    async ({ keepWhileRefreshing, during }) => {
      const answers = [deferred<string>(), deferred<string>()]
      let call = 0
      const scope = effectScope()
      const loader = scope.run(() =>
        useLoader(() => answers[call++]!.promise, { immediate: false, keepWhileRefreshing }),
      )!
      const first = loader.load()
      expect(loader.status.value).toBe('loading')
      answers[0]!.resolve('rows')
      await first
      expect(loader.refreshing.value).toBe(false)

      const second = loader.load()
      expect(loader.status.value).toBe(during)
      expect(loader.refreshing.value).toBe(true)
      answers[1]!.resolve('newer rows')
      await second
      expect(loader.status.value).toBe('ready')
      expect(loader.data.value).toBe('newer rows')
      expect(loader.refreshing.value).toBe(false)
      scope.stop()
    },
  )

  it('does not load before asked when a watcher starts the loads', async () => {
    let calls = 0
    const scope = effectScope()
    const loader = scope.run(() => useLoader(async () => ++calls, { immediate: false }))!
    await flushPromises()
    expect(calls).toBe(0)
    expect(loader.status.value).toBe('loading')
    scope.stop()
  })

  it('aborts the load in flight when its owner goes away', () => {
    let signal: AbortSignal | null = null
    const scope = effectScope()
    scope.run(() => useLoader((given) => ((signal = given), new Promise(() => {}))))
    scope.stop()
    expect(signal!.aborted).toBe(true)
  })
})
