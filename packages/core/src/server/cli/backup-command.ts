import { dialectNameOf } from '../database/open-database.js'
import { BackupError, backupSqliteDatabase, restoreSqliteDatabase } from '../backup/sqlite-backup.js'
import { deriveKeys } from '../crypto/keyring.js'
import { findMasterKey, MasterKeyError } from '../crypto/master-key.js'
import { callerPaths, dataDirOf, setting } from './cli-paths.js'
import type { CommandOutput } from './command-output.js'

const USAGE =
  'usage: pnpm backup <file> | pnpm restore <file> [--allow-other-key]   (env: DATA_DIR, default apps/api/data as for pnpm start; TOKENS_MASTER_KEY; relative paths from where you run it)'
const ALLOW_OTHER_KEY = '--allow-other-key'

/** The id of the key a server started here would use, as it would find it; never creates a key file. */
function currentKeyId(env: NodeJS.ProcessEnv, dataDir: string): string | undefined {
  const { key } = findMasterKey({ dataDir, masterKey: setting(env, 'TOKENS_MASTER_KEY') })
  return key === undefined ? undefined : deriveKeys(key).keyId
}

/**
 * `pnpm backup <file>` and `pnpm restore <file>` (SQLite). Relative paths are the caller's (see
 * cli-paths.ts), not packages/core's, where pnpm runs the script. Exit codes: 0 done,
 * 1 refused or failed, 2 usage (and PostgreSQL, whose tool is pg_dump); `--help` prints the usage and exits 0.
 */
export async function backupCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: CommandOutput,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.info(USAGE)
    return 0
  }
  const allowOtherKey = argv.includes(ALLOW_OTHER_KEY)
  const [action, file, ...rest] = argv.filter((arg) => arg !== ALLOW_OTHER_KEY)
  if (
    (action !== 'backup' && action !== 'restore') ||
    !file ||
    file.startsWith('--') ||
    rest.length > 0 ||
    (allowOtherKey && action !== 'restore')
  ) {
    out.error(USAGE)
    return 2
  }
  if (dialectNameOf(setting(env, 'DATABASE_URL')) === 'postgres') {
    out.error(
      'DATABASE_URL is PostgreSQL: back up with pg_dump (pg_dump -Fc "$DATABASE_URL" > tokens.dump) and restore with pg_restore',
    )
    return 2
  }
  const at = callerPaths(env)
  const dataDir = dataDirOf(env)
  try {
    if (action === 'backup') {
      const result = await backupSqliteDatabase(dataDir, at(file))
      out.info(`backed up ${dataDir} (${result.tokens} tokens) to ${result.file}`)
      out.info('the master key is not in it: keep TOKENS_MASTER_KEY or DATA_DIR/master.key safe, apart')
    } else {
      const keyId = currentKeyId(env, dataDir)
      const result = await restoreSqliteDatabase(dataDir, at(file), { currentKeyId: keyId, allowOtherKey })
      out.info(`restored ${at(file)} (${result.tokens} tokens) to ${result.file}`)
      const others = result.keyIds.filter((id) => id !== keyId)
      if (others.length > 0) {
        out.error(
          `its credentials are sealed under master key id ${result.keyIds.join(', ')}: start the server with that key, or none of them verifies` +
            (keyId === undefined ? '' : ` (the key here has id ${keyId})`),
        )
      }
    }
    return 0
  } catch (error) {
    out.error(
      error instanceof BackupError || error instanceof MasterKeyError
        ? error.message
        : `${action} failed: ${String(error)}`,
    )
    return 1
  }
}
