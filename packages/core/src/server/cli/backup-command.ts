import { isAbsolute, resolve } from 'node:path'
import { dialectNameOf } from '../database/open-database.js'
import { BackupError, backupSqliteDatabase, restoreSqliteDatabase } from '../backup/sqlite-backup.js'

export interface CommandOutput {
  info(line: string): void
  error(line: string): void
}

const USAGE = 'usage: pnpm backup <file> | pnpm restore <file>   (env: DATA_DIR, default ./data)'

/**
 * `pnpm backup <file>` and `pnpm restore <file>` (SQLite). Relative paths are the caller's: pnpm
 * runs the script in packages/core and gives the directory of the root script, the repository root, in
 * INIT_CWD (so `DATA_DIR=./data` means what it means to `node apps/api/dist/server.js` run there). Exit codes: 0 done,
 * 1 refused or failed, 2 usage (and PostgreSQL, whose tool is pg_dump).
 */
export async function backupCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: CommandOutput,
): Promise<number> {
  const [action, file, ...rest] = argv
  if ((action !== 'backup' && action !== 'restore') || !file || rest.length > 0) {
    out.error(USAGE)
    return 2
  }
  if (dialectNameOf(env.DATABASE_URL || undefined) === 'postgres') {
    out.error(
      'DATABASE_URL is PostgreSQL: back up with pg_dump (pg_dump -Fc "$DATABASE_URL" > tokens.dump) and restore with pg_restore',
    )
    return 2
  }
  const base = env.INIT_CWD ?? process.cwd()
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path))
  const dataDir = at(env.DATA_DIR || './data')
  try {
    if (action === 'backup') {
      const result = await backupSqliteDatabase(dataDir, at(file))
      out.info(`backed up ${dataDir} (${result.tokens} tokens) to ${result.file}`)
      out.info('the master key is not in it: keep TOKENS_MASTER_KEY or DATA_DIR/master.key safe, apart')
    } else {
      const result = await restoreSqliteDatabase(dataDir, at(file))
      out.info(`restored ${at(file)} (${result.tokens} tokens) to ${result.file}`)
    }
    return 0
  } catch (error) {
    out.error(error instanceof BackupError ? error.message : `${action} failed: ${String(error)}`)
    return 1
  }
}
