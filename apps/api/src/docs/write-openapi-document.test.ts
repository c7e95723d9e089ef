import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'

const script = new URL('./write-openapi-document.ts', import.meta.url).pathname
const apiFolder = new URL('../../', import.meta.url).pathname

describe('writing the OpenAPI document to a file', () => {
  const folders: string[] = []
  afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })))

  it('takes a relative file from the folder the command was typed in and says where it wrote', async () => {
    const caller = mkdtempSync(join(tmpdir(), 'openapi-caller-'))
    folders.push(caller)
    // As pnpm runs it: in apps/api, with the caller's folder in INIT_CWD.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script, 'document.json'],
      { cwd: apiFolder, env: { ...process.env, INIT_CWD: caller }, timeout: 60_000 },
    )
    const written = join(caller, 'document.json')
    expect(stdout.trim()).toBe(`wrote ${written}`)
    expect((JSON.parse(readFileSync(written, 'utf8')) as { openapi?: string }).openapi).toMatch(/^3\./)
    expect(existsSync(join(apiFolder, 'document.json'))).toBe(false)
  }, 90_000)
})
