import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { callerFolder } from './cli-paths.js'

const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url))

describe('the folder an operator command was typed in', () => {
  it('is the one the root script passes on, over the INIT_CWD of the second pnpm it runs', () => {
    expect(callerFolder({ TOKENS_CALLER_DIR: '/srv/ops', INIT_CWD: '/repo' })).toBe('/srv/ops')
    expect(callerFolder({ TOKENS_CALLER_DIR: '', INIT_CWD: '/repo/docs' })).toBe('/repo/docs')
    expect(callerFolder({})).toBe(process.cwd())
  })

  it("resolves a relative path of the root's scan-secrets script against that folder, not the repository root", () => {
    // docs/ has no package.json, so pnpm runs the root's script; SECURITY.md exists only in docs/.
    const run = spawnSync(
      `${repositoryRoot}node_modules/.bin/pnpm`,
      ['--silent', 'scan-secrets', 'SECURITY.md'],
      {
        cwd: `${repositoryRoot}docs`,
        encoding: 'utf8',
        env: { ...process.env, INIT_CWD: '' },
        timeout: 60_000,
      },
    )
    expect(run.stderr).not.toContain('no such file or folder')
    expect(run.stderr).toContain('scan-secrets: no auth tokens or webhook signing secrets found')
    expect(run.status).toBe(0)
  }, 90_000)
})
