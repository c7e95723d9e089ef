import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadOrCreateKeyFile, MASTER_KEY_FILE } from './master-key.js'
import { writeNewKeyFile } from './write-key-file.js'

// fsync cannot be observed from outside the process: count the calls instead.
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return {
    ...original,
    fsyncSync: vi.fn(original.fsyncSync),
    writeSync: vi.fn(original.writeSync),
    linkSync: vi.fn(original.linkSync),
  }
})

const folders: string[] = []
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
  vi.mocked(fs.fsyncSync).mockClear()
  vi.mocked(fs.linkSync).mockClear()
})

describe('writing a new key file', () => {
  it('makes the first-start key file durable, the file and its folder fsynced, before using it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokens-key-'))
    folders.push(dir)
    loadOrCreateKeyFile(dir)
    expect(statSync(join(dir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600)
    // One fsync of the file's contents, one of the folder holding its name.
    expect(vi.mocked(fs.fsyncSync).mock.calls.length).toBeGreaterThanOrEqual(2)
  })

  it('leaves an existing key file as it is, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokens-key-'))
    folders.push(dir)
    const first = loadOrCreateKeyFile(dir)
    vi.mocked(fs.fsyncSync).mockClear()
    expect(loadOrCreateKeyFile(dir).equals(first)).toBe(true)
    expect(fs.fsyncSync).not.toHaveBeenCalled()
  })

  it('leaves no key file at all when the write is cut short, so the key file is whole or absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokens-key-'))
    folders.push(dir)
    const path = join(dir, MASTER_KEY_FILE)
    // A crash between creating the file and writing the key into it.
    vi.mocked(fs.writeSync).mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    })
    expect(() => writeNewKeyFile(path, randomBytes(32))).toThrow(/ENOSPC/)
    expect(existsSync(path)).toBe(false)
    expect(readdirSync(dir)).toEqual([])

    // Written whole afterwards, and still never over an existing file.
    const key = randomBytes(32)
    writeNewKeyFile(path, key)
    expect(fs.readFileSync(path, 'utf8')).toBe(`${key.toString('base64')}\n`)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(() => writeNewKeyFile(path, randomBytes(32))).toThrow(expect.objectContaining({ code: 'EEXIST' }))
    expect(fs.readFileSync(path, 'utf8')).toBe(`${key.toString('base64')}\n`)
    expect(readdirSync(dir)).toEqual([MASTER_KEY_FILE])
  })

  it('never removes or reuses a file another process is writing beside it, also one named after this pid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokens-key-'))
    folders.push(dir)
    const path = join(dir, MASTER_KEY_FILE)
    // Containers sharing a folder can each run as the same pid.
    const others = `${path}.writing-${process.pid}`
    fs.writeFileSync(others, 'another process, half way', { mode: 0o600 })
    const key = randomBytes(32)
    writeNewKeyFile(path, key)
    expect(fs.readFileSync(path, 'utf8')).toBe(`${key.toString('base64')}\n`)
    expect(fs.readFileSync(others, 'utf8')).toBe('another process, half way')
    expect(readdirSync(dir).sort()).toEqual([MASTER_KEY_FILE, `${MASTER_KEY_FILE}.writing-${process.pid}`])
  })

  it('writes the key file by a copy that never overwrites where the file system has no hard links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokens-key-'))
    folders.push(dir)
    const path = join(dir, MASTER_KEY_FILE)
    const noLinks = () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' })
    }
    vi.mocked(fs.linkSync).mockImplementationOnce(noLinks)
    const key = randomBytes(32)
    writeNewKeyFile(path, key)
    expect(fs.linkSync).toHaveBeenCalledTimes(1)
    expect(fs.readFileSync(path, 'utf8')).toBe(`${key.toString('base64')}\n`)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual([MASTER_KEY_FILE])
  })
})
