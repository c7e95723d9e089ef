import { randomBytes } from 'node:crypto'
import { closeSync, constants, copyFileSync, fsyncSync, linkSync, openSync } from 'node:fs'
import { dirname } from 'node:path'

/** Makes a file's contents durable: before it gets a name that says it is whole. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

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
 * A name beside `path` for writing it before it is whole, `<path>.<tag>-<random>`: no other
 * process picks the same one, also where process ids repeat (containers sharing a folder each
 * run as pid 1), so no writer ever removes or reuses another's file.
 */
export function scratchNameBeside(path: string, tag: string): string {
  return `${path}.${tag}-${randomBytes(6).toString('hex')}`
}

/** File systems without hard links (FAT, exFAT, some SMB shares) answer a link with these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'])

/**
 * Gives the finished, fsynced file `written` the name `path`, never over an existing file (throws
 * EEXIST), and makes the name durable; `written` stays for the caller to remove. A hard link does
 * it in one step, so `path` is whole or absent. Where the file system has no hard links, a copy
 * that refuses an existing name (COPYFILE_EXCL, same mode), fsynced: a crash during that copy can
 * leave `path` cut short, which the readers of backups and key files refuse as such.
 */
export function publishWithoutOverwrite(written: string, path: string): void {
  try {
    linkSync(written, path)
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && NO_HARD_LINKS.has(String(error.code)))) throw error
    copyFileSync(written, path, constants.COPYFILE_EXCL)
    syncFile(path)
  }
  syncFolder(path)
}
