import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from './build-openapi-document.js'
import { operationIdOf } from './openapi-document.js'

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const redocly = join(apiDir, 'node_modules', '.bin', 'redocly')

type Document = Awaited<ReturnType<typeof buildOpenApiDocument>>

describe('the OpenAPI document as tools read it', () => {
  let document: Document
  const folder = mkdtempSync(join(tmpdir(), 'token-console-openapi-lint-'))
  beforeAll(async () => {
    document = await buildOpenApiDocument()
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it("passes Redocly's recommended lint with no error and no warning", async () => {
    const file = join(folder, 'openapi.json')
    writeFileSync(file, JSON.stringify(document))
    const { stdout } = await promisify(execFile)(
      redocly,
      ['lint', file, '--extends=recommended', '--format=json'],
      {
        cwd: folder,
        maxBuffer: 16 * 1024 * 1024,
        // No telemetry and no update check from a test run.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
    const report = JSON.parse(stdout) as {
      totals: Record<string, number>
      problems: { ruleId: string; message: string }[]
    }
    expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([])
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
  }, 90_000)

  it('names every operation once, derived from its method and path, with a server, a licence and a 4xx answer', () => {
    const ids: string[] = []
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue
        const id = (operation as { operationId?: string }).operationId
        expect(id, `${method} ${path}`).toMatch(/^[a-z]+[A-Za-z0-9]+$/)
        ids.push(id as string)
        expect(
          Object.keys(operation.responses ?? {}).some((status) => status.startsWith('4')),
          `${method} ${path}`,
        ).toBe(true)
      }
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toContain('getApiTokensByIdCredentials')
    expect(operationIdOf('post', '/platform/Tokens/{Id}/Reset')).toBe('postPlatformTokensByIdReset')
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })])
    expect(document.info.license).toMatchObject({ name: expect.any(String) })
  })

  it('documents 503 and 507 on every operation that writes: every unsafe one but POST /verify, which records off its path, and the credential reveals, GETs that audit', () => {
    const missing: string[] = []
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        const writes = ['post', 'put', 'patch', 'delete'].includes(method) || path.endsWith('/credentials')
        if (!writes || path === '/verify') continue
        const statuses = Object.keys((operation as { responses?: object }).responses ?? {})
        if (!statuses.includes('503') || !statuses.includes('507')) missing.push(`${method} ${path}`)
      }
    }
    expect(missing).toEqual([])
  })
})
