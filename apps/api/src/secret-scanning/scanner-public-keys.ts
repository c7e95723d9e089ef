import { createPublicKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { systemErrorCodeOf } from '../system-error-code.js'

/** GitHub's public-keys document (`GET https://api.github.com/meta/public_keys/secret_scanning`). */
const PublicKeysDocument = z.object({
  public_keys: z.array(
    z.object({
      key_identifier: z.string().min(1),
      key: z.string().min(1),
      is_current: z.boolean().optional(),
    }),
  ),
})

/** The keys a secret scanner signs its reports with, by key identifier. */
export interface ScannerPublicKeys {
  /** The key of this identifier; an unknown one may trigger a reload (at most once per `refreshMinMs`). */
  keyFor(keyIdentifier: string): Promise<KeyObject | undefined>
}

export interface ScannerPublicKeysOptions {
  /** How long a loaded document is used before it is loaded again (default one hour). */
  ttlMs?: number
  /** The least time between two loads caused by unknown key identifiers (default one minute). */
  refreshMinMs?: number
  now?: () => number
  /** For an https location; default the global fetch. */
  fetch?: typeof globalThis.fetch
  /**
   * Called each time a load fails (the keys it had are kept), with why: an HTTP status, an error
   * code, `not a public-keys document`… never the location (a URL may carry a credential).
   */
  onLoadFailed?: (failure: KeysLoadFailure) => void
}

/** A failed load of the keys document, for a log line. */
export interface KeysLoadFailure {
  source: 'file' | 'url'
  reason: string
}

/** A load that failed for a reason of ours (HTTP status, size, no usable key). */
class KeysLoadError extends Error {
  constructor(readonly reason: string) {
    super(`secret scanning keys: ${reason}`)
    this.name = 'KeysLoadError'
  }
}

/** Why a load failed, in a few words without the location or the document. */
export function keysLoadReason(error: unknown): string {
  if (error instanceof KeysLoadError) return error.reason
  if (error instanceof SyntaxError || error instanceof z.ZodError) return 'not a public-keys document'
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timed out'
  const code = systemErrorCodeOf(error)
  if (code !== undefined) return code
  return error instanceof Error ? error.name : 'unknown error'
}

const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000
/** A keys document is a few kilobytes; anything far larger is not one. */
const DOCUMENT_MAX_BYTES = 256 * 1_024
const FETCH_TIMEOUT_MS = 10_000

/**
 * The PEM keys of a document; a key that does not parse is left out, not fatal, but a document
 * without any usable key verifies nothing and is refused like one that does not parse.
 */
export function publicKeysOf(text: string): Map<string, KeyObject> {
  const document = PublicKeysDocument.parse(JSON.parse(text))
  const keys = new Map<string, KeyObject>()
  for (const entry of document.public_keys) {
    try {
      keys.set(entry.key_identifier, createPublicKey(entry.key))
    } catch {
      // An unreadable key verifies nothing: its identifier stays unknown.
    }
  }
  if (keys.size === 0) throw new KeysLoadError('no usable public key in the document')
  return keys
}

/**
 * Reads and parses a keys file now, at start: `SECRET_SCANNING_KEYS` set to a file that is missing,
 * unreadable or not a keys document must stop the server rather than turn every leak report into a
 * silent 401. Throws with `keysLoadReason` of the failure as the message.
 */
export function readPublicKeysFile(path: string): Map<string, KeyObject> {
  try {
    return publicKeysOf(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new KeysLoadError(keysLoadReason(error))
  }
}

/** Whether `SECRET_SCANNING_KEYS` is a URL (fetched) rather than a file path. */
export function isKeysUrl(location: string): boolean {
  return /^https?:\/\//i.test(location)
}

async function fetchDocument(url: string, fetchImpl: typeof globalThis.fetch): Promise<string> {
  const response = await fetchImpl(url, {
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    headers: { accept: 'application/json' },
  })
  if (!response.ok) throw new KeysLoadError(`HTTP ${response.status}`)
  const text = await response.text()
  if (text.length > DOCUMENT_MAX_BYTES) throw new KeysLoadError('document too large')
  return text
}

/**
 * `SECRET_SCANNING_KEYS`: a path to a keys document, or an https URL of one (fetched). Loaded on
 * first use and again after `ttlMs`; an unknown key identifier loads again at most once per
 * `refreshMinMs`, so a key the scanner just added is picked up without letting anyone who sends
 * made-up identifiers make us fetch on every request. A failed load keeps the keys it had and is
 * reported to `onLoadFailed`. A file is checked at start too (readPublicKeysFile, server-config.ts).
 */
export function scannerPublicKeys(
  location: string,
  options: ScannerPublicKeysOptions = {},
): ScannerPublicKeys {
  const ttlMs = options.ttlMs ?? HOUR_MS
  const refreshMinMs = options.refreshMinMs ?? MINUTE_MS
  const now = options.now ?? Date.now
  const fetchImpl = options.fetch ?? globalThis.fetch
  const isUrl = isKeysUrl(location)
  if (isUrl && !location.toLowerCase().startsWith('https://'))
    throw new Error('SECRET_SCANNING_KEYS must be a file path or an https URL')
  const load = () => (isUrl ? fetchDocument(location, fetchImpl) : readFile(location, 'utf8'))

  let keys = new Map<string, KeyObject>()
  let loadedAt = -Infinity
  let loading: Promise<void> | undefined

  function reload(): Promise<void> {
    loading ??= (async () => {
      loadedAt = now()
      try {
        keys = publicKeysOf(await load())
      } catch (error) {
        // Keep the keys we had; the next attempt comes after refreshMinMs or the TTL. Said each
        // time: otherwise every report signed with a key we could not load is a silent 401.
        options.onLoadFailed?.({ source: isUrl ? 'url' : 'file', reason: keysLoadReason(error) })
      } finally {
        loading = undefined
      }
    })()
    return loading
  }

  return {
    async keyFor(keyIdentifier) {
      // A load under way (the first, a TTL reload, one for a new key) may bring this key: wait for it
      // rather than answer from what it is replacing, which refused valid reports at startup.
      if (loading) await loading
      if (now() - loadedAt >= ttlMs) await reload()
      const key = keys.get(keyIdentifier)
      if (key || now() - loadedAt < refreshMinMs) return key
      await reload()
      return keys.get(keyIdentifier)
    },
  }
}
