import type { Credentials, LegacyAccess } from '@tokens/core'
import { useI18n } from 'vue-i18n'
import { useLegacyAccessName } from './legacy-tokens/use-legacy-access-name'

/**
 * Fresh credentials shown in a NewCredentialsPanel, kept as what was done to which token rather
 * than as words: the panel is worded when shown, so it follows a language switch, and a token
 * deleted afterwards can take its panel with it.
 */
export type IssuedCredentials =
  /** A token's reset or rotation, or a copy just made (`tokenId`, `name`: the copy's, whose credentials these are). */
  | { action: 'duplicate' | 'reset' | 'rotate'; tokenId: string; name: string; credentials: Credentials }
  | { action: 'legacyReset'; access: LegacyAccess; credentials: Credentials }

/** The panel's title and description for `issued`, in the current language. */
export function useIssuedWording() {
  const { t } = useI18n()
  const accessName = useLegacyAccessName()
  return (issued: IssuedCredentials): { title: string; description: string } => {
    if (issued.action === 'legacyReset') {
      const access = accessName(issued.access)
      return {
        title: t('apiPage.issued.legacyReset.title', { access }),
        description: t('apiPage.issued.legacyReset.description', { access }),
      }
    }
    const name = issued.name
    switch (issued.action) {
      case 'duplicate':
        return {
          title: t('apiPage.issued.duplicate.title', { name }),
          description: t('apiPage.issued.duplicate.description', { name }),
        }
      case 'rotate':
        return {
          title: t('lifecycle.rotate.issuedTitle', { name }),
          description: t('lifecycle.rotate.issuedDescription'),
        }
      case 'reset':
        return {
          title: t('apiPage.issued.reset.title', { name }),
          description: t('apiPage.issued.reset.description', { name }),
        }
    }
  }
}

/** Whether `issued` are the credentials of token `tokenId`, so deleting that token makes them useless. */
export function isIssuedFor(issued: IssuedCredentials | null, tokenId: string): boolean {
  return issued !== null && issued.action !== 'legacyReset' && issued.tokenId === tokenId
}
