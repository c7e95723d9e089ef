import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { writeNewKeyFile } from './write-key-file.js'

export const MASTER_KEY_FILE = 'master.key'
export const MASTER_KEY_BYTES = 32

const BASE64_OF_32_BYTES = /^[A-Za-z0-9+/]{43}=$/

/** Refusals at start are plain errors: the server must not come up without a usable key. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MasterKeyError'
  }
}

/** Decodes a configured master key; the message never repeats the value. */
export function parseMasterKey(value: string, source: string): Buffer {
  const trimmed = value.trim()
  if (!BASE64_OF_32_BYTES.test(trimmed)) {
    throw new MasterKeyError(`${source} must be the base64 encoding of exactly ${MASTER_KEY_BYTES} bytes`)
  }
  return Buffer.from(trimmed, 'base64')
}

/**
 * Reads `<dataDir>/master.key`, creating it on first start with mode 0600. An existing file that
 * group or others may read is refused rather than used: the key protects every stored credential,
 * so a readable key file means they are already exposed and the operator must decide what to do.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, MASTER_KEY_FILE)
  try {
    // 'wx' fails when the file exists, so two processes starting together cannot both create one.
    // Durable before the database seals anything under it (fsynced file and folder).
    writeNewKeyFile(path, randomBytes(MASTER_KEY_BYTES))
    chmodSync(path, 0o600)
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
  }
  return readMasterKeyFile(path)
}

/** Reads an existing key file, refusing one that group or others may read (see loadOrCreateKeyFile). */
export function readMasterKeyFile(path: string): Buffer {
  const stats = statSync(path)
  // Before the mode check: a folder's mode says nothing about a key, and "chmod 600" on it is harmful.
  if (!stats.isFile()) {
    throw new MasterKeyError(`${path} is not a file (a folder?): give the path of the key file itself`)
  }
  if (process.platform !== 'win32') {
    const mode = stats.mode & 0o777
    if ((mode & 0o077) !== 0) {
      throw new MasterKeyError(
        `${path} is readable by other users (mode ${mode.toString(8)}); run "chmod 600 ${path}" and rotate the key if it may have leaked`,
      )
    }
  }
  const contents = readFileSync(path, 'utf8')
  if (contents.trim() === '') {
    // Key files are written whole or not at all (writeNewKeyFile); an empty one was cut short
    // before it was written, so nothing was ever sealed under the key it should have held.
    throw new MasterKeyError(
      `${path} is empty (a write cut short by a crash?): no credential can be sealed under a key that was never written, so delete it and run again` +
        ` (the server makes a new key only while the database holds no sealed value, and refuses to start otherwise; a rotation starts over)`,
    )
  }
  return parseMasterKey(contents, path)
}

/** The configured master key and where it came from; `key` is undefined before the first start. */
export interface ConfiguredMasterKey {
  key: Buffer | undefined
  /** `TOKENS_MASTER_KEY` or the key file's path: named in refusals, never the key. */
  source: string
}

/**
 * Finds the master key the way the server does (TOKENS_MASTER_KEY, else `<dataDir>/master.key`),
 * without creating one: whether a new key may be made depends on what the database holds (see
 * settle-master-key.ts).
 */
export function findMasterKey(config: {
  dataDir: string
  masterKey?: string | undefined
}): ConfiguredMasterKey {
  if (config.masterKey !== undefined && config.masterKey !== '') {
    return { key: parseMasterKey(config.masterKey, 'TOKENS_MASTER_KEY'), source: 'TOKENS_MASTER_KEY' }
  }
  const path = join(config.dataDir, MASTER_KEY_FILE)
  return { key: existsSync(path) ? readMasterKeyFile(path) : undefined, source: path }
}

/** The configured key, creating the key file when there is none (tools that seed a fresh database). */
export function resolveMasterKey(config: { dataDir: string; masterKey?: string | undefined }): Buffer {
  return findMasterKey(config).key ?? loadOrCreateKeyFile(config.dataDir)
}
