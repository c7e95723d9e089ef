import { MasterKeyError } from '@tokens/core/server'
import { ConfigError, type ServerConfig } from './server-config.js'

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

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  if ('code' in error && typeof error.code === 'string') return error.code
  // pg reports a failed connection to every address of a host as an AggregateError.
  if (error instanceof AggregateError) return codeOf(error.errors[0])
  // The migrator wraps what the driver threw ("Database migration … failed").
  if (error instanceof Error && error.cause !== undefined) return codeOf(error.cause)
  return undefined
}

/**
 * The one line an operator reads when the server refuses to start: which setting, and what is
 * wrong with it. Never the setting's value: DATABASE_URL may hold a password, the key is a secret.
 */
export function startFailureLine(error: unknown, config: ServerConfig | undefined): string {
  if (error instanceof ConfigError || error instanceof MasterKeyError) return error.message
  const code = codeOf(error)
  if (config?.databaseUrl !== undefined && code !== undefined) {
    const reason = DATABASE_REASONS[code] ?? `error ${code}`
    return `DATABASE_URL: cannot use the database (${reason})`
  }
  if (config && code !== undefined && (code.startsWith('SQLITE_') || code.startsWith('E'))) {
    return `DATA_DIR: cannot open the database or key file in ${config.dataDir} (${code})`
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : 'start failed'
}
