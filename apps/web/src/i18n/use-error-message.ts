import { useI18n } from 'vue-i18n'
import { isApiError } from '../api/api-error'
import { namedPlaceholders } from './message-placeholders'

/**
 * The one place where failures become words: an ApiError's code picks `errors.<code>` from the
 * catalog; when that message needs parameters the answer did not carry, the server's own
 * localised detail is shown instead, so no placeholder ever reaches the screen.
 */
export function useErrorMessage() {
  const { t, te, tm } = useI18n()

  return function errorMessage(error: unknown): string {
    if (!isApiError(error)) return t('errors.Internal')
    if (error.code === 'NetworkUnavailable') return t('states.networkUnavailable')
    const key = `errors.${error.code}`
    if (!te(key)) return error.detail || t('errors.Internal')
    const needed = namedPlaceholders(tm(key))
    if (needed.every((name) => error.params[name] !== undefined)) return t(key, error.params)
    return error.detail || t('errors.Internal')
  }
}
