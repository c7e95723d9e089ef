import { shallowRef, watch } from 'vue'
import { z } from 'zod'
import { useValidationMessage } from '../i18n/use-validation-message'

/**
 * The one per-field error model of a token form (the token page's draft, the wizard's form): each
 * field's refusal from the core's schema, worded where it is shown (so in the language shown, also
 * after a switch), the first refused field in form order, and a message that goes as soon as its
 * field changes (it answered the value it was about).
 * @example const errors = useFieldErrors(() => draft.value, DRAFT_FIELDS); errors.refuse(result.error)
 */
export function useFieldErrors<F extends string>(
  values: () => Partial<Record<F, unknown>> | null | undefined,
  fields: readonly F[],
) {
  const validationMessage = useValidationMessage()
  // The refusals themselves, not their words: message() words them in the language shown. Shallow:
  // a ZodError's frozen issues cannot be wrapped in a reactive proxy, and each refusal replaces all.
  const errors = shallowRef<Partial<Record<F, z.ZodError>>>({})

  /** Takes each field's first issue of a failed parse of the whole form (issue paths start with the field). */
  function refuse(error: z.ZodError): void {
    const byField: Partial<Record<F, z.ZodError>> = {}
    for (const issue of error.issues) byField[issue.path[0] as F] ??= new z.ZodError([issue])
    refuseEach(byField)
  }

  /** Takes the refusals of fields checked one by one (a wizard step's own schemas). */
  function refuseEach(refusals: Partial<Record<F, z.ZodError>>): void {
    const next: Partial<Record<F, z.ZodError>> = {}
    for (const field of fields) {
      const refusal = refusals[field]
      if (refusal) next[field] = refusal
    }
    errors.value = next
  }

  /** The field's refusal in the language shown, or null. */
  function message(field: F): string | null {
    const refusal = errors.value[field]
    return refusal ? validationMessage(refusal) : null
  }

  function firstInvalid(): F | undefined {
    return fields.find((field) => errors.value[field] !== undefined)
  }

  function clear(): void {
    errors.value = {}
  }

  for (const field of fields) {
    // Compared by value: the page replaces its draft object when the server's token is read again
    // (a rotation's refresh), which must not clear a message about a value still refused.
    watch(
      () => JSON.stringify(values()?.[field] ?? null),
      () => {
        if (errors.value[field] === undefined) return
        const { [field]: _answered, ...rest } = errors.value
        errors.value = rest as Partial<Record<F, z.ZodError>>
      },
    )
  }

  return { errors, refuse, refuseEach, message, firstInvalid, clear }
}
