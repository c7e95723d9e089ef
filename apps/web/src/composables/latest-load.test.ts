import { describe, expect, it } from 'vitest'
import { latestLoad } from './latest-load'

describe('latestLoad', () => {
  it('uses an answer given at once, ready at once, and drops the older load still running', async () => {
    const state = latestLoad({})
    const used: string[] = []
    let finishOlder!: (answer: string) => void
    const older = state.run(
      () => new Promise<string>((resolve) => (finishOlder = resolve)),
      (answer) => used.push(answer),
    )
    expect(state.status.value).toBe('loading')
    expect(state.refreshing.value).toBe(true)

    await state.run(
      () => 'at once',
      (answer) => used.push(answer),
    )
    expect(state.status.value).toBe('ready')
    expect(state.refreshing.value).toBe(false)

    finishOlder('late')
    await older
    expect(used).toEqual(['at once'])
    expect(state.refreshing.value).toBe(false)
  })

  it('clears the failure of the load before when a new one starts', async () => {
    const state = latestLoad({})
    await state.run(
      () => Promise.reject(new Error('offline')),
      () => {},
    )
    expect(state.status.value).toBe('error')
    const next = state.run(
      () => new Promise<number>(() => {}),
      () => {},
    )
    expect(state.error.value).toBeNull()
    expect(state.status.value).toBe('loading')
    void next
  })
})
