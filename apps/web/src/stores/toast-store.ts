import { defineStore } from 'pinia'
import { ref } from 'vue'

export type ToastTone = 'success' | 'error' | 'info'

export interface Toast {
  id: number
  tone: ToastTone
  message: string
  /** Said on one page about the next (a deleted token's page sends the user back to the list). */
  forNextPage: boolean
}

export interface ToastOptions {
  /** The toast outlives the navigation that follows it (once): it reports why the page changed. */
  forNextPage?: boolean
}

/**
 * Results of actions, announced politely and dismissed on their own (reka-ui Toast renders them).
 * A toast concerns the page it was shown on: leaving that page dismisses it.
 */
export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([])
  let nextId = 1

  function show(tone: ToastTone, message: string, options: ToastOptions = {}): void {
    toasts.value = [
      ...toasts.value,
      { id: nextId++, tone, message, forNextPage: options.forNextPage ?? false },
    ]
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id)
  }

  /** Another page opened: only the toasts said for it stay, now about this page. */
  function leavePage(): void {
    toasts.value = toasts.value
      .filter((toast) => toast.forNextPage)
      .map((toast) => ({ ...toast, forNextPage: false }))
  }

  return {
    toasts,
    success: (message: string, options?: ToastOptions) => show('success', message, options),
    error: (message: string, options?: ToastOptions) => show('error', message, options),
    info: (message: string, options?: ToastOptions) => show('info', message, options),
    dismiss,
    leavePage,
  }
})
