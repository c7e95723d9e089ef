import type { z } from 'zod'
import { useI18n } from 'vue-i18n'

/** Error names the core's schemas attach to their refusals (`{ error: 'required' }` …). */
const NAMED_ISSUES = new Set([
  'required',
  'tooLong',
  'forbiddenCharacters',
  'blank',
  'malformedText',
  'scopesRequired',
])

/** Turns the first issue of a failed core schema into a sentence of the current language. */
export function useValidationMessage() {
  const { t } = useI18n()

  return function validationMessage(error: z.ZodError): string {
    const issue = error.issues[0]
    if (!issue) return t('validation.invalid')
    if (NAMED_ISSUES.has(issue.message)) {
      const max = issue.code === 'too_big' ? Number(issue.maximum) : undefined
      return t(`validation.${issue.message}`, { max: max ?? '' })
    }
    if (issue.code === 'invalid_format' && issue.format === 'email') return t('validation.invalidEmail')
    if (issue.code === 'too_big') return t('validation.tooLong', { max: Number(issue.maximum) })
    if (issue.code === 'too_small') return t('validation.required')
    return t('validation.invalid')
  }
}
