import { createPublicKey, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'

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
}

const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000
/** A keys document is a few kilobytes; anything far larger is not one. */
const DOCUMENT_MAX_BYTES = 256 * 1_024
const FETCH_TIMEOUT_MS = 10_000

/** The PEM keys of a document; a key that does not parse is left out, not fatal. */
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
  return keys
}

async function fetchDocument(url: string, fetchImpl: typeof globalThis.fetch): Promise<string> {
  const response = await fetchImpl(url, {
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    headers: { accept: 'application/json' },
  })
  if (!response.ok) throw new Error(`secret scanning keys: HTTP ${response.status}`)
  const text = await response.text()
  if (text.length > DOCUMENT_MAX_BYTES) throw new Error('secret scanning keys: document too large')
  return text
}

/**
 * `SECRET_SCANNING_KEYS`: a path to a keys document, or an https URL of one (fetched). Loaded on
 * first use and again after `ttlMs`; an unknown key identifier loads again at most once per
 * `refreshMinMs`, so a key the scanner just added is picked up without letting anyone who sends
 * made-up identifiers make us fetch on every request. A failed load keeps the keys it had.
 */
export function scannerPublicKeys(
  location: string,
  options: ScannerPublicKeysOptions = {},
): ScannerPublicKeys {
  const ttlMs = options.ttlMs ?? HOUR_MS
  const refreshMinMs = options.refreshMinMs ?? MINUTE_MS
  const now = options.now ?? Date.now
  const fetchImpl = options.fetch ?? globalThis.fetch
  const isUrl = /^https?:\/\//i.test(location)
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
      } catch {
        // Keep the keys we had; the next attempt comes after refreshMinMs or the TTL.
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
