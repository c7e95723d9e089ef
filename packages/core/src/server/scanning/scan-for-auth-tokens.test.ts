import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runScanSecrets } from '../cli/scan-secrets-command.js'
import { generateAuthToken } from '../crypto/random-secrets.js'
import { scanForAuthTokens } from './scan-for-auth-tokens.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A temporary tree of files: `{ 'a/b.txt': 'text' }`. */
function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'scan-secrets-'))
  folders.push(root)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

const brokenChecksum = (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`

describe('the local secret scanner', () => {
  it('reports file:line of a planted auth token, ignores one with a broken checksum, and never prints a whole token', async () => {
    const planted = generateAuthToken()
    const root = tree({
      'deploy/.env': `# settings\nAPI_SID=TK0000000000000000000000\nAPI_TOKEN=${planted}\n`,
      'notes.md': `a typo: ${brokenChecksum(generateAuthToken())}\n`,
      'README.md': 'nothing here\n',
    })
    expect(await scanForAuthTokens(root)).toEqual([
      { file: 'deploy/.env', line: 3, masked: expect.stringMatching(/^tcat_.{4}•+$/) },
    ])
    const lines: string[] = []
    const code = await runScanSecrets([root], {
      info: (line) => lines.push(line),
      error: (line) => lines.push(line),
    })
    expect(code).toBe(1)
    expect(lines[0]).toMatch(/^deploy\/\.env:3: /)
    expect(lines.join('\n')).not.toContain(planted)
  })

  it.each([
    {
      case: 'a file the root .gitignore ignores',
      files: { '.gitignore': '*.log\n', 'server.log': '{token}' },
    },
    {
      case: 'a folder a nested .gitignore ignores',
      files: { 'app/.gitignore': 'secrets/\n', 'app/secrets/key.txt': '{token}' },
    },
    { case: 'the .git folder', files: { '.git/config': '{token}' } },
    {
      case: 'a binary file',
      files: { 'image.bin': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('{token}')]) },
    },
    { case: 'a token inside a longer word', files: { 'a.txt': 'x{token}y' } },
  ])('skips $case and exits 0 when nothing else is found', async ({ files }) => {
    const token = generateAuthToken()
    const root = tree(
      Object.fromEntries(
        Object.entries(files).map(([path, content]) => [
          path,
          typeof content === 'string'
            ? content.replace('{token}', token)
            : Buffer.from(content.toString('latin1').replace('{token}', token), 'latin1'),
        ]),
      ),
    )
    expect(await scanForAuthTokens(root)).toEqual([])
    expect(await runScanSecrets([root], { info: () => {}, error: () => {} })).toBe(0)
  })

  it('still reports a file that a .gitignore in a sibling folder would ignore', async () => {
    const token = generateAuthToken()
    const root = tree({ 'a/.gitignore': 'config.txt\n', 'a/config.txt': token, 'b/config.txt': token })
    expect((await scanForAuthTokens(root)).map((finding) => finding.file)).toEqual(['b/config.txt'])
  })

  it('answers a usage error with exit code 2', async () => {
    expect(await runScanSecrets([], { info: () => {}, error: () => {} })).toBe(2)
    expect(await runScanSecrets(['/no/such/folder'], { info: () => {}, error: () => {} })).toBe(2)
  })
})
