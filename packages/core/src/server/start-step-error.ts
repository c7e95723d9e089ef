import { MasterKeyError } from './crypto/master-key.js'

/**
 * What a start-up step uses, by its setting in CoreConfig: the database (at `databaseUrl`, or the
 * SQLite file in `dataDir`), the master-key file in `dataDir`, the SMTP transport of `smtpUrl`.
 */
export type StartSetting = 'databaseUrl' | 'dataDir' | 'smtpUrl'
export type StartStep = 'database' | 'keyFile' | 'email'

/**
 * A failure while the core opens, marked where it was raised with the step and the setting it is
 * due to, so the refusal names that setting rather than guessing it from an error code (an EACCES
 * on the key file is not the database's). Message and `code` are the cause's; the server prints
 * neither the message nor the setting's value (they may hold a password).
 */
export class StartStepError extends Error {
  readonly step: StartStep
  readonly setting: StartSetting
  declare readonly code?: string

  constructor(step: StartStep, setting: StartSetting, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'StartStepError'
    this.step = step
    this.setting = setting
    if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') {
      Object.defineProperty(this, 'code', { value: cause.code, enumerable: true })
    }
  }
}

/**
 * Runs one start-up step, marking what it throws with its step and setting. A refusal that already
 * names its setting (MasterKeyError) or was marked by an inner step passes through as it is.
 */
export async function startStep<T>(
  step: StartStep,
  setting: StartSetting,
  run: () => T | Promise<T>,
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof MasterKeyError || error instanceof StartStepError) throw error
    throw new StartStepError(step, setting, error)
  }
}

/** The synchronous form of startStep. */
export function startStepSync<T>(step: StartStep, setting: StartSetting, run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof MasterKeyError || error instanceof StartStepError) throw error
    throw new StartStepError(step, setting, error)
  }
}
