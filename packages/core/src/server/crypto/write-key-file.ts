import { closeSync, existsSync, fsyncSync, linkSync, openSync, rmSync, writeSync } from 'node:fs'
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
 * Writes a key file that did not exist (fails with EEXIST otherwise), owner-only, and makes it
 * durable before returning. The key is written and fsynced under `<path>.writing-<pid>` first and
 * only then linked to `path` (a link never replaces an existing file), and the folder is fsynced:
 * a crash or power loss leaves the key file whole or absent, never empty or cut short, behind a
 * database whose credentials were sealed under it.
 */
export function writeNewKeyFile(path: string, key: Buffer): void {
  // The usual case at start: nothing to write (the link below is what makes the refusal certain).
  if (existsSync(path)) {
    throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST' })
  }
  const writing = `${path}.writing-${process.pid}`
  // This process's name: what is there was left by a killed run whose pid this one reuses.
  rmSync(writing, { force: true })
  try {
    const fd = openSync(writing, 'wx', 0o600)
    try {
      writeSync(fd, `${key.toString('base64')}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    linkSync(writing, path)
  } finally {
    rmSync(writing, { force: true })
  }
  syncFolder(path)
}
