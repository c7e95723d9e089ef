import type { CoreLogger } from '../core-logger.js'

/**
 * Runs the cleanup of ended rotations after the request that noticed one, at most once at a time
 * per token: many requests with an old secret arriving together start one cleanup, not many.
 */
export function settleRotationsOffThePath(
  settle: (tokenId: string) => Promise<void>,
  logger: CoreLogger | undefined,
): (tokenId: string) => void {
  const running = new Set<string>()
  return (tokenId) => {
    if (running.has(tokenId)) return
    running.add(tokenId)
    setImmediate(() => {
      settle(tokenId)
        .catch((error: unknown) => {
          const code =
            typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null
          logger?.log('warn', 'token.rotation.cleanup_failed', { tokenId, code })
        })
        .finally(() => running.delete(tokenId))
    })
  }
}
