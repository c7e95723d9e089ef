import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/** Makes a file's entry in its folder durable (a new or renamed file survives a power loss). */
export function syncFolder(path: string): void {
  const fd = openSync(dirname(path), 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Writes a key file that did not exist ('wx': fails with EEXIST otherwise), owner-only, and makes
 * it durable before returning: the file and its folder entry are fsynced, so a power loss cannot
 * leave an empty or missing key file behind a database whose credentials were sealed under it.
 */
export function writeNewKeyFile(path: string, key: Buffer): void {
  const fd = openSync(path, 'wx', 0o600)
  try {
    writeSync(fd, `${key.toString('base64')}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  syncFolder(path)
}
