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

// stdout through pino's asynchronous writer (sonic-boom, `pino.destination`): written while requests
// go on, instead of a blocking write per line on the request path. Lines are gathered here and
// handed over a batch at a time: the destination measures the UTF-8 length of the text it holds
// on every write, which for a batch growing line by line was a scan of up to 15 KB per request.
// A lone line waits at most the flush interval; what is queued is written at exit. The destination
// holds anything shorter than a batch (`minLength`) instead of writing it at once: what it holds,
// `flushSync` writes before an exit, while a write already started in the background would be cut
// off by `process.exit`.
const stdout = pino.destination({ dest: 1, sync: false, minLength: LINES_BATCH_BYTES })
let batch: string[] = []
/** The batch's length in UTF-16 units: a threshold, so the UTF-8 byte count need not be exact. */
let batchLength = 0
/** Whether the destination was handed text since the last timed flush (an idle server writes nothing). */
let handedOver = false

function writeBatch(): void {
  if (batch.length === 0) return
  const text = batch.join('')
  batch = []
  batchLength = 0
  stdout.write(text)
  handedOver = true
}

/** What is gathered and what the destination holds, written in the background. */
function writeAll(): void {
  writeBatch()
  if (!handedOver) return
  handedOver = false
  stdout.flush()
}

function writeBatchIfOpen(flush: () => void): void {
  try {
    flush()
  } catch {
    // The destination was closed (the process is ending): nothing more can be written to it.
  }
}

setInterval(() => writeBatchIfOpen(writeAll), LINES_FLUSH_INTERVAL_MS).unref()
process.once('exit', () => writeBatchIfOpen(flushLog))

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
  line += '}\n'
  batch.push(line)
  batchLength += line.length
  if (batchLength >= LINES_BATCH_BYTES) writeBatch()
}

/** Writes what is queued now (before an exit that skips pino's own exit handler, e.g. process.exit). */
export function flushLog(): void {
  writeBatch()
  stdout.flushSync()
}
