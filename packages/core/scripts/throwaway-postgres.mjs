// A throwaway PostgreSQL cluster for tests: DATABASE_URL when given; otherwise Debian's server
// binaries (installed from Debian's packages when missing and we are root, as in CI) started on a
// free port in a temporary folder that is removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

function findBinDir() {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(base, versions[0], 'bin') : undefined
}

function installFromDebian() {
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return false
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  // Other packages' test runs may install at the same moment (turbo runs them in parallel): wait for dpkg's lock.
  const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', 'postgresql']
  let r = spawnSync('apt-get', install, { stdio: 'inherit', env })
  if (r.status !== 0) {
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-q'], { stdio: 'inherit', env })
    r = spawnSync('apt-get', install, { stdio: 'inherit', env })
  }
  return r.status === 0
}

/** A loopback port no one listened on a moment ago: another process may still take it first (see below). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** How many probed ports a start tries before it gives up. */
const START_ATTEMPTS = 5

/**
 * Returns { url, stop } or { skipped: reason }. `stop` removes the cluster. `probePort` finds a
 * port to try (tests hand it a taken one).
 */
export async function startThrowawayPostgres({ probePort = freePort } = {}) {
  if (process.env.DATABASE_URL?.startsWith('postgres')) {
    return { url: process.env.DATABASE_URL, stop: async () => {} }
  }
  let bin = findBinDir()
  if (!bin && installFromDebian()) bin = findBinDir()
  if (!bin) {
    return {
      skipped:
        'PostgreSQL server binaries not found and not installable here (install Debian package "postgresql" or set DATABASE_URL); skipping the Postgres leg.',
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'tokens-pg-'))
  chmodSync(dir, 0o777)
  const dataDir = join(dir, 'data')
  // initdb refuses to run as root: run the server as the postgres user when we are root.
  const asUser = (cmd, args) =>
    isRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' })
  asUser(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'tokens',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ])
  const startOn = (port, log) =>
    asUser(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-w',
      '-l',
      log,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ])
  // Postgres cannot take port 0 and say which it got, so the port is probed; another process (a
  // parallel test run's cluster or server) may bind it before postgres does, which then refuses
  // to start: a fresh port is tried rather than failing the whole run.
  let port
  for (let attempt = 1; port === undefined; attempt++) {
    const probed = await probePort()
    const log = join(dir, `server-${attempt}.log`)
    try {
      startOn(probed, log)
      port = probed
    } catch (error) {
      const taken = existsSync(log) && readFileSync(log, 'utf8').includes('Address already in use')
      if (!taken || attempt === START_ATTEMPTS) throw error
    }
  }
  const url = `postgres://tokens@127.0.0.1:${port}/postgres`
  return {
    url,
    stop: async () => {
      try {
        asUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
