import { pino } from 'pino'

/** One structured log line: facts only, never a secret, a cookie, a query string or a body. */
export type LogEntry = Readonly<Record<string, string | number | boolean | null>>

export type LogSink = (entry: LogEntry) => void

/**
 * Lines are written in batches of about this many bytes: one write (a thread-pool round trip) per
 * batch, not per line. 15 KB, just under the destination's largest single write (16 KB): with 4 KB
 * batches the writes still took about a twelfth of the CPU of a `/healthz` request under load.
 */
const LINES_BATCH_BYTES = 15_360
/** Light traffic fills no batch: what is queued is written at least this often. */
const LINES_FLUSH_INTERVAL_MS = 250

// stdout through pino's asynchronous writer (sonic-boom, `pino.destination`): lines are queued and
// written while requests go on, instead of a blocking write per line on the request path, and in
// batches: under load a write per line (each a round trip through libuv's thread pool) cost more CPU
// than forming the line. A lone line waits at most the flush interval. The destination flushes what
// is queued at exit.
const stdout = pino.destination({ dest: 1, sync: false, minLength: LINES_BATCH_BYTES })
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

// Under load many lines share a millisecond: the time is formatted once per millisecond, not per line.
let timeMs = Number.NaN
let timeText = ''
function isoTime(): string {
  const ms = Date.now()
  if (ms !== timeMs) {
    timeMs = ms
    timeText = new Date(ms).toISOString()
  }
  return timeText
}

/**
 * The default sink: one JSON object per line on stdout, `level` and `time` first, then the
 * entry's fields, the line pino's logger wrote (`base: null`, ISO time, the level as its label).
 * Formed here rather than by pino's logger: an entry holds only strings, numbers, booleans and
 * null, and pino's generic path (a copy of the entry, a serializer and stringifier look-up and an
 * escape scan per field) was about a tenth of the CPU of a whole `/healthz` request.
 */
export const writeJsonLine: LogSink = (entry) => {
  const level = entry.level
  let line = `{"level":"${typeof level === 'string' && LEVELS.has(level) ? level : 'info'}","time":"${isoTime()}"`
  for (const key in entry) {
    const value = entry[key]
    if (key === 'level' || value === undefined) continue
    // JSON.stringify escapes as pino does and writes a non-finite number as null, as pino does.
    line += `,${JSON.stringify(key)}:${JSON.stringify(value)}`
  }
  stdout.write(`${line}}\n`)
  unwritten = true
}

/** Writes what is queued now (before an exit that skips pino's own exit handler, e.g. process.exit). */
export function flushLog(): void {
  stdout.flushSync()
}
