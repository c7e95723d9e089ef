import { computed, shallowRef, type ComputedRef } from 'vue'

/**
 * A message kept as its wording, not its words: read in a render or a computed, it words the
 * refusal or failure in the language shown, so a language switch words it again. Null: nothing to
 * say (yet), e.g. while the policy an expiry refusal is worded against is not known.
 * @example refusal.set(() => validationMessage(error))
 */
export type DeferredMessage = () => string | null

/**
 * One message a form or dialog shows (a refusal, a failure) as a DeferredMessage: the one shape for
 * a message that is not a field's schema refusal (useFieldErrors) nor a rule's own refusal code
 * worded by its control (DeveloperEmailsField), which pure rules return without a language.
 * @example const createError = useDeferredMessage(); createError.set(() => errorMessage(failure))
 */
export function useDeferredMessage(): {
  /** The message in the language shown, or null. */
  message: ComputedRef<string | null>
  set(wording: DeferredMessage): void
  clear(): void
} {
  // Shallow: a wording is replaced whole, and what it closes over (a ZodError, a thrown error) stays as it was.
  const wording = shallowRef<DeferredMessage | null>(null)
  return {
    message: computed(() => wording.value?.() ?? null),
    set: (next) => (wording.value = next),
    clear: () => (wording.value = null),
  }
}
