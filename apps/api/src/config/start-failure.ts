import { MasterKeyError, StartStepError, type StartSetting } from '@tokens/core/server'
import { ConfigError, type ServerConfig } from './server-config.js'
import { systemErrorCodeOf } from '../system-error-code.js'

/** Driver and system codes that mean "the database at DATABASE_URL cannot be used", and why. */
const DATABASE_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  '28P01': 'password authentication failed',
  '28000': 'authentication refused',
  '3D000': 'database does not exist',
  '42501': 'permission denied',
}

/** The README's variable for each setting a start-up step is marked with. */
const VARIABLES: Record<StartSetting, string> = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'DATA_DIR',
  smtpUrl: 'SMTP_URL',
}

/**
 * The one line an operator reads when the server refuses to start: which setting, and what is
 * wrong with it. Never the setting's value: DATABASE_URL may hold a password, the key is a secret.
 * The setting is the one the failing step was marked with where it was raised (StartStepError),
 * never guessed from an error code: an EACCES may be the key file's as well as the database's.
 */
export function startFailureLine(error: unknown, config: ServerConfig | undefined): string {
  if (error instanceof ConfigError || error instanceof MasterKeyError) return error.message
  if (error instanceof StartStepError) {
    const variable = VARIABLES[error.setting]
    const code = systemErrorCodeOf(error.cause)
    // Without a code, the kind of error only: its message may quote the setting's value.
    const why = code ?? (error.cause instanceof Error ? error.cause.name : 'error')
    const dataDir = config?.dataDir ?? 'DATA_DIR'
    switch (error.step) {
      case 'database':
        if (error.setting === 'databaseUrl') {
          return `${variable}: cannot use the database (${(code === undefined ? undefined : DATABASE_REASONS[code]) ?? `error ${why}`})`
        }
        return `${variable}: cannot open the database in ${dataDir} (${why})`
      case 'keyFile':
        return `${variable}: cannot read or create the master key file in ${dataDir} (${why})`
      case 'email':
        return `${variable}: cannot set up sending e-mail (${why})`
    }
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : 'start failed'
}
