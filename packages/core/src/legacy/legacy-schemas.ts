import { z } from 'zod'
import { Credentials, TokenView } from '../tokens/token-schemas.js'

export const LegacyTokensView = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    apiVersion: z.string(),
    enabledAt: z.iso.datetime(),
    readWrite: TokenView,
    readOnly: TokenView,
  }),
])
export type LegacyTokensView = z.infer<typeof LegacyTokensView>

export const LegacyCredentials = z.object({ readWrite: Credentials, readOnly: Credentials })
export type LegacyCredentials = z.infer<typeof LegacyCredentials>
