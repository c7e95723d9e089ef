import { describe, expect, it, vi } from 'vitest'
import { useConfirmAction } from './use-confirm-action'

const describeFailure = (failure: unknown) => (failure instanceof Error ? failure.message : 'failed')

describe('useConfirmAction', () => {
  it('opens with the question and answers confirm only after the work succeeded', async () => {
    const confirmation = useConfirmAction<string>(describeFailure)
    const work = vi.fn(async () => undefined)
    const choice = confirmation.ask('Delete?', work)
    expect(confirmation.open.value).toBe(true)
    expect(confirmation.request.value).toBe('Delete?')
    expect(work).not.toHaveBeenCalled()
    await confirmation.confirm()
    expect(work).toHaveBeenCalledTimes(1)
    await expect(choice).resolves.toBe('confirm')
    expect(confirmation.open.value).toBe(false)
  })

  it('keeps the dialog open with the failure worded, and runs the work again on the next confirm', async () => {
    const confirmation = useConfirmAction<string>(describeFailure)
    const work = vi.fn().mockRejectedValueOnce(new Error('Storage is full')).mockResolvedValueOnce(undefined)
    const choice = confirmation.ask('Reset?', work)
    await confirmation.confirm()
    expect(confirmation.open.value).toBe(true)
    expect(confirmation.error.value).toBe('Storage is full')
    await confirmation.confirm()
    expect(confirmation.error.value).toBeNull()
    await expect(choice).resolves.toBe('confirm')
    expect(work).toHaveBeenCalledTimes(2)
  })

  it('answers cancel when the dialog is closed without confirming (Cancel, Escape), and never runs the work', async () => {
    const confirmation = useConfirmAction<string>(describeFailure)
    const work = vi.fn(async () => undefined)
    const choice = confirmation.ask('Disable?', work)
    confirmation.cancel()
    expect(confirmation.open.value).toBe(false)
    await expect(choice).resolves.toBe('cancel')
    await confirmation.confirm()
    expect(work).not.toHaveBeenCalled()
  })

  it('answers cancel to a question replaced by a newer one', async () => {
    const confirmation = useConfirmAction<string>(describeFailure)
    const first = confirmation.ask('First?', async () => undefined)
    const second = confirmation.ask('Second?', async () => undefined)
    await expect(first).resolves.toBe('cancel')
    expect(confirmation.request.value).toBe('Second?')
    await confirmation.confirm()
    await expect(second).resolves.toBe('confirm')
  })

  it('opens when the caller says so, e.g. once a menu has closed', () => {
    const confirmation = useConfirmAction<string>(describeFailure)
    let openNow: (() => void) | undefined
    void confirmation.ask('Reset?', async () => undefined, { openLater: (open) => (openNow = open) })
    expect(confirmation.open.value).toBe(false)
    openNow?.()
    expect(confirmation.open.value).toBe(true)
  })
})
