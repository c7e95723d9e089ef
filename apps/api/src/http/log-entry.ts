import { pino } from 'pino'

/** One structured log line: facts only, never a secret, a cookie, a query string or a body. */
export type LogEntry = Readonly<Record<string, string | number | boolean | null>>

export type LogSink = (entry: LogEntry) => void

// stdout through pino's asynchronous writer: lines are queued and written while requests go on,
// instead of a blocking write per line on the request path. Pino flushes what is queued at exit.
const stdout = pino.destination({ dest: 1, sync: false })
const logger = pino(
  {
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  stdout,
)
const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'fatal'])

/** The default sink: one JSON object per line on stdout (`level`, `time`, then the entry's fields). */
export const writeJsonLine: LogSink = ({ level, ...fields }) => {
  const method = typeof level === 'string' && LEVELS.has(level) ? (level as 'info') : 'info'
  logger[method](fields)
}

/** Writes what is queued now (before an exit that skips pino's own exit handler, e.g. process.exit). */
export function flushLog(): void {
  stdout.flushSync()
}
