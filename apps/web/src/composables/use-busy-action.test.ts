import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { useBusyAction } from './use-busy-action'

const describeFailure = (failure: unknown) => (failure instanceof Error ? failure.message : 'failed')

describe('useBusyAction', () => {
  it('is busy while the work runs and answers true once it succeeded', async () => {
    const action = useBusyAction(describeFailure)
    let finish!: () => void
    const running = action.run(() => new Promise<void>((resolve) => (finish = resolve)))
    expect(action.busy.value).toBe(true)
    finish()
    expect(await running).toBe(true)
    expect(action.busy.value).toBe(false)
    expect(action.error.value).toBeNull()
  })

  it('words a failure for the user, and the next attempt clears it', async () => {
    const action = useBusyAction(describeFailure)
    expect(await action.run(async () => Promise.reject(new Error('Network down')))).toBe(false)
    expect(action.error.value).toBe('Network down')
    expect(action.busy.value).toBe(false)

    let finish!: () => void
    const retry = action.run(() => new Promise<void>((resolve) => (finish = resolve)))
    expect(action.error.value).toBeNull()
    finish()
    await retry
  })

  it('ignores a second press while the first one still runs', async () => {
    const action = useBusyAction(describeFailure)
    let calls = 0
    let finish!: () => void
    const first = action.run(() => new Promise<void>((resolve) => (calls++, (finish = resolve))))
    expect(await action.run(async () => void calls++)).toBe(false)
    finish()
    await first
    expect(calls).toBe(1)
  })

  it('words its failure again when the words change (the language is switched)', async () => {
    const language = ref('en')
    const action = useBusyAction(() => (language.value === 'en' ? 'It failed' : '失败了'))
    await action.run(async () => Promise.reject(new Error('x')))
    expect(action.error.value).toBe('It failed')
    language.value = 'zh-CN'
    expect(action.error.value).toBe('失败了')
    action.error.value = null
    expect(action.error.value).toBeNull()
  })
})
