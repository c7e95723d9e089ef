import type { DeliveryView } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { useDeliveryLog } from './use-delivery-log'

const failed: DeliveryView = {
  id: 'dlv_1',
  eventId: 'msg_1',
  eventType: 'token.leaked',
  status: 'failed',
  attempts: 3,
  lastResponseStatus: 500,
  lastError: 'http_status',
  expired: false,
  createdAt: '2026-03-15T12:00:00.000Z',
  lastAttemptAt: '2026-03-16T12:00:00.000Z',
  nextAttemptAt: null,
  deliveredAt: null,
}
const pending: DeliveryView = { ...failed, status: 'pending', nextAttemptAt: '2026-03-17T12:00:00.000Z' }

/** A log whose reads are answered by hand, in any order: `answers[0]` is the first read's. */
function handAnsweredLog() {
  const answers: Array<{ resolve: (rows: DeliveryView[]) => void; reject: (failure: unknown) => void }> = []
  const log = useDeliveryLog(
    () => new Promise<DeliveryView[]>((resolve, reject) => answers.push({ resolve, reject })),
  )
  return { log, answers }
}

/** A log whose first read showed `rows`. */
async function logShowing(rows: DeliveryView[]) {
  const opened = handAnsweredLog()
  opened.answers[0]?.resolve(rows)
  await flushPromises()
  return opened
}

describe('useDeliveryLog', () => {
  it('keeps the rows when a later read fails, saying why until a read succeeds, also while Retry reads again', async () => {
    const { log, answers } = await logShowing([failed])

    const reading = log.read()
    answers[1]?.reject(new Error('offline'))
    await reading
    expect(log.deliveries.value).toEqual([failed])
    expect(log.outOfDate.value).toEqual(new Error('offline'))

    const retrying = log.read()
    expect(log.outOfDate.value).toEqual(new Error('offline'))
    answers[2]?.resolve([pending])
    await retrying
    expect(log.deliveries.value).toEqual([pending])
    expect(log.outOfDate.value).toBeNull()
  })

  it('leaves a first read that fails to the load-error state: nothing shown, nothing out of date', async () => {
    const { log, answers } = handAnsweredLog()
    answers[0]?.reject(new Error('offline'))
    await flushPromises()
    expect(log.shown.value).toBe(false)
    expect(log.status.value).toBe('error')
    expect(log.outOfDate.value).toBeNull()
  })

  it('keeps an action’s answer in its row when a read asked before it answers late', async () => {
    const { log, answers } = await logShowing([failed])

    const refresh = log.read()
    const afterResend = log.showThenRead(pending)
    expect(log.deliveries.value).toEqual([pending])
    answers[1]?.resolve([failed])
    await refresh
    expect(log.deliveries.value).toEqual([pending])
    answers[2]?.reject(new Error('offline'))
    await afterResend
    expect(log.deliveries.value).toEqual([pending])
    expect(log.outOfDate.value).toEqual(new Error('offline'))
  })
})
