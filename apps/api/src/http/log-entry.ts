import { pino } from 'pino'

/** One structured log line: facts only, never a secret, a cookie, a query string or a body. */
export type LogEntry = Readonly<Record<string, string | number | boolean | null>>

export type LogSink = (entry: LogEntry) => void

/** Lines are written in batches of about this many bytes: one write (a thread-pool round trip) per batch, not per line. */
const LINES_BATCH_BYTES = 4096
/** Light traffic fills no batch: what is queued is written at least this often. */
const LINES_FLUSH_INTERVAL_MS = 250

// stdout through pino's asynchronous writer: lines are queued and written while requests go on,
// instead of a blocking write per line on the request path, and in batches: under load a write per
// line (each a round trip through libuv's thread pool) cost more CPU than forming the line. A lone
// line waits at most the flush interval. Pino flushes what is queued at exit.
const stdout = pino.destination({ dest: 1, sync: false, minLength: LINES_BATCH_BYTES })
const logger = pino(
  {
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  stdout,
)
/** Whether a line was queued since the last timed flush (an idle server then writes nothing). */
let unwritten = false
setInterval(() => {
  if (!unwritten) return
  unwritten = false
  try {
    stdout.flush()
  } catch {
    // The destination was closed (the process is ending): nothing more can be written to it.
  }
}, LINES_FLUSH_INTERVAL_MS).unref()
const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'fatal'])

/** The default sink: one JSON object per line on stdout (`level`, `time`, then the entry's fields). */
export const writeJsonLine: LogSink = ({ level, ...fields }) => {
  const method = typeof level === 'string' && LEVELS.has(level) ? (level as 'info') : 'info'
  logger[method](fields)
  unwritten = true
}

/** Writes what is queued now (before an exit that skips pino's own exit handler, e.g. process.exit). */
export function flushLog(): void {
  stdout.flushSync()
}
