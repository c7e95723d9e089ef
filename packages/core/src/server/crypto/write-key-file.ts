import { closeSync, existsSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs'
import { publishWithoutOverwrite, scratchNameBeside } from '../files/durable-file.js'

/**
 * Writes a key file that did not exist (fails with EEXIST otherwise), owner-only, and makes it
 * durable before returning. The key is written and fsynced under a scratch name beside `path`
 * first and only then given its name without overwriting (publishWithoutOverwrite): a crash or
 * power loss leaves the key file whole or absent, never empty or cut short, behind a database
 * whose credentials were sealed under it.
 */
export function writeNewKeyFile(path: string, key: Buffer): void {
  // The usual case at start: nothing to write (publishing is what makes the refusal certain).
  if (existsSync(path)) {
    throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST' })
  }
  const writing = scratchNameBeside(path, 'writing')
  try {
    const fd = openSync(writing, 'wx', 0o600)
    try {
      writeSync(fd, `${key.toString('base64')}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    publishWithoutOverwrite(writing, path)
  } finally {
    rmSync(writing, { force: true })
  }
}
