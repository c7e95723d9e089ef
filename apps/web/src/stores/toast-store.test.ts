import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { useToastStore } from './toast-store'

describe('the toasts of a page', () => {
  it('go when another page opens, except one said for the next page, which goes on the one after', () => {
    const toasts = useToastStore(createPinia())
    toasts.success('“Order sync” was disabled.')
    toasts.success('“Order sync” was deleted.', { forNextPage: true })

    toasts.leavePage()
    expect(toasts.toasts.map((toast) => toast.message)).toEqual(['“Order sync” was deleted.'])

    toasts.leavePage()
    expect(toasts.toasts).toEqual([])
  })
})
