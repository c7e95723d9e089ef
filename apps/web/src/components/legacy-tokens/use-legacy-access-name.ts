import type { LegacyAccess } from '@tokens/core'
import { useI18n } from 'vue-i18n'

/**
 * A legacy credential's name ("Read/Write", "Read-Only") in the current language. Call it where the
 * words are shown, not where an action ends, so a name on screen follows a language switch.
 */
export function useLegacyAccessName() {
  const { t } = useI18n()
  return (access: LegacyAccess): string =>
    access === 'read_only' ? t('legacy.readOnly') : t('legacy.readWrite')
}
