import { chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { runScanSecrets } from '../cli/scan-secrets-command.js'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { generateAccountSid, generateAuthToken } from '../crypto/random-secrets.js'
import { BASE64_TOKEN_MARKERS, scanForAuthTokens, secretsIn } from './scan-for-auth-tokens.js'

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

/** Runs git in the folder, as a throw-away identity, whatever git configuration the machine has. */
function git(root: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' }
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name]
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd: root, encoding: 'utf8', env },
  )
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
      {
        file: 'deploy/.env',
        line: 3,
        kind: 'auth-token',
        encoding: 'plain',
        masked: expect.stringMatching(/^tcat_.{4}•+$/),
      },
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

  describe('finds the credentials in the forms the product hands out and integrations send', () => {
    const basic = (sid: string, token: string) => Buffer.from(`${sid}:${token}`).toString('base64')
    /** `echo -n "$SID:$TOKEN" | base64`: wrapped at 76 characters. */
    const wrapped = (text: string) => text.match(/.{1,76}/g)?.join('\n') ?? ''

    it('checks that base64(SID:token) holds one of the markers, whatever the SID', () => {
      for (let i = 0; i < 20; i++) {
        const encoded = basic(generateAccountSid(), generateAuthToken())
        expect(encoded.slice(32, 40)).toBe('OnRjYXRf')
        expect(encoded).toContain(BASE64_TOKEN_MARKERS[1])
      }
    })

    it.each([
      {
        case: 'Authorization: Basic in a curl command',
        text: (sid: string, token: string) =>
          `#!/bin/sh\ncurl -H 'Authorization: Basic ${basic(sid, token)}' https://api.example.com/v1/offers\n`,
        line: 2,
        encoding: 'base64',
      },
      {
        case: 'Authorization: Basic in a HAR file',
        text: (sid: string, token: string) =>
          JSON.stringify(
            {
              log: {
                entries: [
                  {
                    request: {
                      headers: [
                        { name: 'Accept', value: 'application/json' },
                        { name: 'Authorization', value: `Basic ${basic(sid, token)}` },
                      ],
                    },
                  },
                ],
              },
            },
            null,
            2,
          ),
        line: 13,
        encoding: 'base64',
      },
      {
        case: 'base64(SID:token) wrapped at 76 characters, as `base64` prints it',
        text: (sid: string, token: string) => `credentials:\n${wrapped(basic(sid, token))}\n`,
        line: 2,
        encoding: 'base64',
      },
      {
        case: 'a base64-encoded token',
        text: (_: string, token: string) => `AUTH_TOKEN_B64=${Buffer.from(token).toString('base64')}\n`,
        line: 1,
        encoding: 'base64',
      },
      {
        case: 'a token after a percent-encoded colon',
        text: (sid: string, token: string) => `GET /login?credentials=${sid}%3A${token} HTTP/1.1\n`,
        line: 1,
        encoding: 'plain',
      },
      {
        case: 'a token after a JSON \\n escape',
        text: (_: string, token: string) => `{"note":"rotated today\\n${token}"}\n`,
        line: 1,
        encoding: 'plain',
      },
      {
        case: 'a token after a JSON \\t escape',
        text: (_: string, token: string) => `{"note":"token:\\t${token}"}\n`,
        line: 1,
        encoding: 'plain',
      },
    ])('$case', async ({ text, line, encoding }) => {
      const sid = generateAccountSid()
      const token = generateAuthToken()
      const content = text(sid, token)
      const root = tree({ 'leak.txt': content, 'typo.txt': text(sid, brokenChecksum(generateAuthToken())) })
      expect(await scanForAuthTokens(root)).toEqual([
        { file: 'leak.txt', line, kind: 'auth-token', encoding, masked: `${token.slice(0, 9)}••••••••` },
      ])
      const lines: string[] = []
      const code = await runScanSecrets([root], { info: (l) => lines.push(l), error: (l) => lines.push(l) })
      expect(code).toBe(1)
      const printed = lines.join('\n')
      expect(printed).toContain(`leak.txt:${line}: auth token ${token.slice(0, 9)}`)
      expect(printed).not.toContain(token)
      expect(printed).not.toContain(basic(sid, token).slice(0, 40))
    })

    it('reports a webhook signing secret as unverified, by its shape, and exits 1', async () => {
      const secret = `whsec_${randomBytes(32).toString('base64')}`
      const root = tree({
        '.env': `WEBHOOK_SECRET=${secret}\n`,
        'docs.md': 'set WEBHOOK_SECRET=whsec_... from the creation answer\n',
      })
      expect(await scanForAuthTokens(root)).toEqual([
        {
          file: '.env',
          line: 1,
          kind: 'webhook-secret',
          encoding: 'plain',
          masked: `${secret.slice(0, 10)}••••••••`,
        },
      ])
      const lines: string[] = []
      const code = await runScanSecrets([root], { info: (l) => lines.push(l), error: (l) => lines.push(l) })
      expect(code).toBe(1)
      expect(lines[0]).toBe(
        `.env:1: webhook signing secret ${secret.slice(0, 10)}•••••••• (unverified: recognised by its shape, no checksum)`,
      )
      expect(lines.join('\n')).not.toContain(secret)
    })
  })

  it('numbers the lines of a file of 40,000 token-like base64 runs reading each character once', () => {
    // Each line one run (the quotes end it) holding a marker of base64(`tcat_`), long enough to
    // hold a token, but no token: every run is decoded and numbered, none is a finding.
    const lines = Array.from(
      { length: 40_000 },
      (_, i) => `  secret_${i}: "${BASE64_TOKEN_MARKERS[i % 3]}${'A'.repeat(60)}",`,
    )
    const token = generateAuthToken()
    const sid = generateAccountSid()
    lines.push(`Authorization: Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`)
    const text = lines.join('\n')
    expect(text.length).toBeGreaterThan(2_500_000)
    let scanned = 0
    const found = secretsIn(text, { onLineScan: (characters) => (scanned += characters) })
    expect(found).toEqual([{ line: 40_001, kind: 'auth-token', encoding: 'base64', secret: token }])
    // Linear: the line starts are found once (quadratic was a prefix of the file per run).
    expect(scanned).toBeGreaterThan(0)
    expect(scanned).toBeLessThanOrEqual(text.length)
  })

  describe('inside a git work tree, scans what git lists', () => {
    it('reports a tracked file that a later .gitignore matches, and skips ignored untracked files', async () => {
      const token = generateAuthToken()
      const root = tree({ '.env': `API_TOKEN=${token}\n`, 'app/config.json': `{"token":"${token}"}\n` })
      git(root, 'init', '-q')
      git(root, 'add', '.env', 'app/config.json')
      git(root, 'commit', '-q', '-m', 'config')
      writeFileSync(join(root, '.gitignore'), '.env\n*.log\n')
      writeFileSync(join(root, 'debug.log'), `${token}\n`)
      writeFileSync(join(root, 'notes.txt'), `${token}\n`)
      unlinkSync(join(root, 'app/config.json')) // tracked, deleted from the work tree: nothing to read
      expect(git(root, 'ls-files')).toContain('.env')

      expect((await scanForAuthTokens(root)).map((finding) => finding.file)).toEqual(['.env', 'notes.txt'])
      expect(await runScanSecrets([root], { info: () => {}, error: () => {} })).toBe(1)
      // A sub-folder is scanned as git sees it too: the root's .gitignore applies to it.
      mkdirSync(join(root, 'sub'))
      writeFileSync(join(root, 'sub/trace.log'), `${token}\n`)
      writeFileSync(join(root, 'sub/keep.txt'), `${token}\n`)
      expect((await scanForAuthTokens(join(root, 'sub'))).map((finding) => finding.file)).toEqual([
        'keep.txt',
      ])
    })

    it('scans a folder named on the command line whole even where git ignores it, as a named file is', async () => {
      const token = generateAuthToken()
      const root = tree({
        '.gitignore': 'logs/\n',
        'logs/access.log': `Bearer ${token}\n`,
        'logs/old/a.log': token,
      })
      git(root, 'init', '-q')
      expect((await scanForAuthTokens(join(root, 'logs'))).map((finding) => finding.file)).toEqual([
        'access.log',
        'old/a.log',
      ])
      expect(await runScanSecrets([join(root, 'logs')], { info: () => {}, error: () => {} })).toBe(1)
      // The repository itself still skips what it ignores.
      expect(await scanForAuthTokens(root)).toEqual([])
    })

    it('scans a nested repository that git lists as one folder', async () => {
      const token = generateAuthToken()
      const root = tree({ 'vendor/lib/.env': `API_TOKEN=${token}\n`, 'README.md': 'hello\n' })
      git(root, 'init', '-q')
      git(join(root, 'vendor/lib'), 'init', '-q')
      expect((await scanForAuthTokens(root)).map((finding) => finding.file)).toEqual(['vendor/lib/.env'])
    })
  })

  describe('an entry it cannot read', () => {
    const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '../../..')
    const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs')

    /**
     * `pnpm scan-secrets <dir>` as a user for whom mode 000 means unreadable: root reads any file, so
     * as root the command runs as nobody (65534), the way the reviewer ran it.
     */
    function runCommandUnprivileged(dir: string) {
      const asRoot = process.getuid?.() === 0
      return spawnSync(process.execPath, [tsx, 'src/server/cli/scan-secrets-command.ts', dir], {
        cwd: packageFolder,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, INIT_CWD: packageFolder },
        ...(asRoot ? { uid: 65_534, gid: 65_534 } : {}),
      })
    }

    it('skips an unreadable file and folder with a warning, still reports the tokens beside them, exit 1', () => {
      const token = generateAuthToken()
      const root = tree({
        'a-open.env': `API_TOKEN=${token}\n`,
        'b-locked.env': `API_TOKEN=${token}\n`,
        'c-private/key.txt': `${token}\n`,
        'd-after.txt': `${token}\n`,
      })
      chmodSync(root, 0o755)
      chmodSync(join(root, 'b-locked.env'), 0o000)
      chmodSync(join(root, 'c-private'), 0o000)
      try {
        const { status, stdout, stderr } = runCommandUnprivileged(root)
        expect(stdout.trim().split('\n')).toEqual([
          `a-open.env:1: auth token ${token.slice(0, 9)}••••••••`,
          `d-after.txt:1: auth token ${token.slice(0, 9)}••••••••`,
        ])
        expect(stderr).toMatch(/^scan-secrets: warning: skipped b-locked\.env: EACCES/m)
        expect(stderr).toMatch(/^scan-secrets: warning: skipped c-private: EACCES/m)
        expect(stderr).toContain('(2 unreadable entries skipped, see above)')
        expect(status).toBe(1)
      } finally {
        chmodSync(join(root, 'c-private'), 0o755)
      }
    })
  })

  describe('the command line', () => {
    it('prints --help on stdout and exits 0', async () => {
      const info: string[] = []
      const error: string[] = []
      const code = await runScanSecrets(['--help'], {
        info: (l) => info.push(l),
        error: (l) => error.push(l),
      })
      expect(code).toBe(0)
      expect(info.join('\n')).toMatch(/^Usage: scan-secrets <path>\.\.\./)
      expect(error).toEqual([])
      expect(await runScanSecrets(['--', '--help'], { info: () => {}, error: () => {} })).toBe(0)
    })

    it('scans several paths, files and folders, as a pre-commit hook passes them', async () => {
      const token = generateAuthToken()
      const root = tree({
        'app/.env': `API_TOKEN=${token}\n`,
        'app/clean.txt': 'nothing\n',
        '.gitignore': 'staged.env\n',
        'staged.env': `API_TOKEN=${token}\n`,
        'clean.md': 'nothing here\n',
      })
      const lines: string[] = []
      const errors: string[] = []
      const code = await runScanSecrets(
        ['app', 'staged.env', 'clean.md', 'app/.env'],
        { info: (l) => lines.push(l), error: (l) => errors.push(l) },
        root,
      )
      expect(code).toBe(1)
      expect(lines.map((line) => line.split(': ')[0])).toEqual(['app/.env:1', 'staged.env:1'])
      expect(errors.join('\n')).toContain('2 auth token(s)')
      expect(
        await runScanSecrets(['clean.md', 'app/clean.txt'], { info: () => {}, error: () => {} }, root),
      ).toBe(0)
      // A mistyped path among them is a usage error, before anything is scanned.
      expect(await runScanSecrets(['app', 'no-such.env'], { info: () => {}, error: () => {} }, root)).toBe(2)
      expect(await runScanSecrets(['--verbose', 'app'], { info: () => {}, error: () => {} }, root)).toBe(2)
    })
  })
})
