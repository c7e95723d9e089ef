import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * How the operator's commands (backup, restore, rotate-master-key, scan-secrets) read their paths
 * and settings. pnpm runs a package's script with the package folder (packages/core) as the working
 * folder and puts the folder the command was typed in into INIT_CWD: relative paths are the
 * caller's, never packages/core's (where a relative `--out` would write a master key into the
 * source tree). The root's scripts run the core's through a second pnpm, which sets INIT_CWD to
 * the repository root; they pass the first one's on as TOKENS_CALLER_DIR.
 */

/** A setting from the environment; an empty variable counts as unset, as for the server. */
export function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}

/** The folder the operator typed the command in. */
export function callerFolder(env: NodeJS.ProcessEnv): string {
  return setting(env, 'TOKENS_CALLER_DIR') ?? setting(env, 'INIT_CWD') ?? process.cwd()
}

/** Resolves paths given on the command line or in the environment against the caller's folder. */
export function callerPaths(env: NodeJS.ProcessEnv): (path: string) => string {
  const base = callerFolder(env)
  return (path) => (isAbsolute(path) ? path : resolve(base, path))
}

/**
 * Where the server keeps its data when started as the README says (`pnpm start` runs
 * `node dist/server.js` in apps/api, whose DATA_DIR default `./data` is apps/api/data). Found from
 * this file (packages/core/src|dist/server/cli), as the server finds apps/web/dist.
 */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../../../apps/api/data', import.meta.url))

/**
 * The data folder: the option given, else DATA_DIR (relative ones from the caller's folder), else
 * the server's own (DEFAULT_DATA_DIR).
 */
export function dataDirOf(env: NodeJS.ProcessEnv, option?: string): string {
  const given = option || setting(env, 'DATA_DIR')
  return given === undefined ? DEFAULT_DATA_DIR : callerPaths(env)(given)
}
