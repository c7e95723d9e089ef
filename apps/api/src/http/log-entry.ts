/** One structured log line: facts only, never a secret, a cookie, a query string or a body. */
export type LogEntry = Readonly<Record<string, string | number | boolean | null>>

export type LogSink = (entry: LogEntry) => void

/** The default sink: one JSON object per line on stdout. */
export const writeJsonLine: LogSink = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`)
}
