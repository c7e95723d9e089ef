import type { ErrorParams } from '@tokens/core'
import { useI18n } from 'vue-i18n'
import { isApiError } from '../api/api-error'
import { namedPlaceholders } from './message-placeholders'
import { useFormatters } from './use-formatters'

/** An instant as the API sends it in a problem's parameters (an expiry, a latest date allowed). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * The one place where failures become words: an ApiError's code picks `errors.<code>` from the
 * catalog, its parameters written as the language shown writes them (figures, instants); when
 * that message needs parameters the answer did not carry, the server's own localised detail is
 * shown instead, so no placeholder ever reaches the screen.
 */
export function useErrorMessage() {
  const { t, te, tm } = useI18n()
  const format = useFormatters()

  function shown(params: ErrorParams): ErrorParams {
    return Object.fromEntries(
      Object.entries(params).map(([name, value]) => [
        name,
        typeof value === 'number'
          ? format.number(value)
          : INSTANT.test(value) && !Number.isNaN(Date.parse(value))
            ? format.dateTime(value)
            : value,
      ]),
    )
  }

  return function errorMessage(error: unknown): string {
    if (!isApiError(error)) return t('errors.Internal')
    if (error.code === 'NetworkUnavailable') return t('states.networkUnavailable')
    const key = `errors.${error.code}`
    if (!te(key)) return error.detail || t('errors.Internal')
    const needed = namedPlaceholders(tm(key))
    if (needed.every((name) => error.params[name] !== undefined)) return t(key, shown(error.params))
    return error.detail || t('errors.Internal')
  }
}
