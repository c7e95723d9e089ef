import { randomBytes } from 'node:crypto'
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { deriveKeys } from '../crypto/keyring.js'
import {
  MASTER_KEY_BYTES,
  MASTER_KEY_FILE,
  findMasterKey,
  MasterKeyError,
  readMasterKeyFile,
} from '../crypto/master-key.js'
import { writeNewKeyFile } from '../crypto/write-key-file.js'
import { syncFolder } from '../files/durable-file.js'
import { DATABASE_FILE, dialectNameOf } from '../database/open-database.js'
import { OldKeyOpensNothingError, rotateMasterKey } from '../key-rotation/rotate-master-key.js'
import type { CommandOutput } from './command-output.js'
import { callerPaths, dataDirOf, setting } from './cli-paths.js'

export const USAGE = `Usage: rotate-master-key [options]

Re-seals every stored credential under a new master key and writes the new key file (mode 0600).
Stop every instance first; start them again with the new key afterwards. Credentials do not change.

Options:
  --data-dir DIR        data folder (default: $DATA_DIR, else apps/api/data as for pnpm start)
  --database-url URL    PostgreSQL database (default: $DATABASE_URL; unset means SQLite in the data folder)
  --old-key-file FILE   the current key (default: $TOKENS_MASTER_KEY, else DIR/master.key)
  --new-key-file FILE   rotate to this key (default: a new random key)
  --out FILE            where the new key is written (default: DIR/master.key)
  --help                show this text

Relative paths are taken from the folder the command is run from (pnpm's INIT_CWD), and an
empty environment variable counts as unset.

The old key must open the stored credentials: one that opens none of them is refused before
anything changes. An interrupted rotation leaves OUT.new behind; running the command again with the
same old key completes it with that key. OUT is replaced only once every stored credential is
under the new key; a credential the old key cannot open leaves OUT as it was and OUT.new beside it.
The key OUT held is kept beside it as OUT.<key id> (mode 0600): keep it as long as backups taken
before the rotation, which need it.`

/** The command behind `rotate-master-key`; returns the exit code. Never prints a key. */
export async function rotateMasterKeyCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CommandOutput,
): Promise<number> {
  let options
  try {
    options = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'old-key-file': { type: 'string' },
        'new-key-file': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    output.error(error instanceof Error ? error.message : String(error))
    output.error(USAGE)
    return 2
  }
  if (options.help) {
    output.info(USAGE)
    return 0
  }

  // Relative paths are the caller's (INIT_CWD), not packages/core where pnpm runs the script.
  const at = callerPaths(env)
  const dataDir = dataDirOf(env, options['data-dir'])
  const databaseUrl = options['database-url'] || setting(env, 'DATABASE_URL')
  const out = options.out ? at(options.out) : join(dataDir, MASTER_KEY_FILE)
  const pending = `${out}.new`
  try {
    if (dialectNameOf(databaseUrl) === 'sqlite' && !existsSync(join(dataDir, DATABASE_FILE))) {
      output.error(`No database in ${dataDir}: nothing to rotate`)
      return 1
    }
    const oldKeyFile = options['old-key-file']
    // The server's key (TOKENS_MASTER_KEY, else DIR/master.key) unless --old-key-file names another.
    const found =
      oldKeyFile !== undefined
        ? { key: readMasterKeyFile(at(oldKeyFile)), source: at(oldKeyFile) }
        : findMasterKey({ dataDir, masterKey: setting(env, 'TOKENS_MASTER_KEY') })
    const oldKeySource = found.source
    const fromEnvironment = oldKeySource === 'TOKENS_MASTER_KEY'
    // No key file either: reading it says so.
    const oldKey = found.key ?? readMasterKeyFile(oldKeySource)

    // OUT is replaced at the end, once every row is re-sealed: refuse now a file that is no key.
    if (existsSync(out)) readMasterKeyFile(out)

    const given =
      options['new-key-file'] === undefined ? undefined : readMasterKeyFile(at(options['new-key-file']))
    let newKey: Buffer
    const resuming = existsSync(pending)
    if (resuming) {
      newKey = readMasterKeyFile(pending)
      if (given && !given.equals(newKey)) {
        output.error(
          `${pending} holds the key of an interrupted rotation to another key: complete that one first (omit --new-key-file)`,
        )
        return 1
      }
      output.info(`Completing the interrupted rotation to the key in ${pending}`)
    } else {
      newKey = given ?? randomBytes(MASTER_KEY_BYTES)
    }

    // Set inside beforeChanges, which TypeScript cannot see run: typed so it is not narrowed to null.
    let kept = null as KeptKey | null
    let result
    try {
      result = await rotateMasterKey({
        dataDir,
        databaseUrl,
        currentKeys: [oldKey.toString('base64')],
        newKey: newKey.toString('base64'),
        // Durable before any row changes (rows re-sealed under a key never saved would be lost),
        // and only once the old key is known to open what is stored. The key OUT holds is kept
        // now too, as the operator may replace OUT by hand after a partial rotation (exit 3).
        beforeChanges: () => {
          if (!resuming) writeNewKeyFile(pending, newKey)
          kept = keepReplacedKey(out, newKey)
        },
      })
    } catch (error) {
      if (!(error instanceof OldKeyOpensNothingError)) throw error
      output.error(
        `The old key from ${oldKeySource} (key id ${error.oldKeyIds.join(', ')}) opens none of the ${error.count} stored credential(s) to re-seal: they are sealed under key id ${error.storedKeyIds.join(', ')}.`,
      )
      output.error(
        `Nothing was changed and ${out} is as it was. Give the key they are sealed under with --old-key-file` +
          (fromEnvironment
            ? ' (is TOKENS_MASTER_KEY left over from an earlier rotation? unset it to use the key file)'
            : '') +
          '.',
      )
      return 1
    }

    output.info(
      `Re-sealed ${result.resealed} credential(s) under key ${result.toKeyId}` +
        (result.fromKeyIds.length > 0 ? ` (was ${result.fromKeyIds.join(', ')})` : '') +
        (result.alreadyCurrent > 0 ? `; ${result.alreadyCurrent} already under it` : ''),
    )
    const unreadable = [
      ...result.unreadable.map((id) => `token ${id}`),
      ...result.unreadableWebhooks.map((id) => `webhook ${id}`),
    ]
    if (unreadable.length > 0) {
      // The re-sealed rows need the new key, the unreadable ones another: the operator decides.
      output.error(
        `${unreadable.length} stored credential(s) could not be opened with the old key from ${oldKeySource} and were left as they were: ${unreadable.join(', ')}.`,
      )
      output.error(
        `${out} was left as it was; the new key stays in ${pending}, and the re-sealed credentials need it. ` +
          `If you have the key those are sealed under, run this command again with --old-key-file set to it to complete the rotation. ` +
          `Otherwise move ${pending} to ${out} yourself (mv), start the instances with it and reset those tokens and webhook secrets.` +
          (kept
            ? ` The key ${out} holds (id ${kept.keyId}) is also kept in ${kept.path}: backups taken before need it.`
            : ''),
      )
      return 3
    }
    kept ??= keepReplacedKey(out, newKey)
    renameSync(pending, out)
    syncFolder(out)

    output.info(`The new master key is in ${out} (mode 0600).`)
    if (kept)
      output.info(`The key ${out} held before (id ${kept.keyId}) is kept in ${kept.path} (mode 0600).`)
    output.info(
      `Keep the old key (id ${deriveKeys(oldKey).keyId}) for as long as backups taken before this rotation: they need it.`,
    )
    if (fromEnvironment || oldKeyFile !== undefined) {
      output.info(
        `Start the instances with the new key: set TOKENS_MASTER_KEY to the contents of ${out} (or remove it to use that file).`,
      )
    }
    return 0
  } catch (error) {
    output.error(error instanceof MasterKeyError || error instanceof Error ? error.message : String(error))
    return 1
  }
}

/**
 * Copies the key `out` holds (when it is not the new key) to `out.<key id>` before `out` is
 * replaced: backups taken before the rotation are sealed under it, and `out` was often its only
 * copy. Durable and owner-only (writeNewKeyFile); an interrupted run that already kept it finds
 * the same key there.
 */
interface KeptKey {
  path: string
  keyId: string
}

function keepReplacedKey(out: string, newKey: Buffer): KeptKey | null {
  if (!existsSync(out)) return null
  const replaced = readMasterKeyFile(out)
  if (replaced.equals(newKey)) return null
  const keyId = deriveKeys(replaced).keyId
  const path = `${out}.${keyId}`
  if (existsSync(path)) {
    if (readMasterKeyFile(path).equals(replaced)) return { path, keyId }
    throw new MasterKeyError(`${path} exists and holds another key: move it away and run this command again`)
  }
  writeNewKeyFile(path, replaced)
  return { path, keyId }
}
