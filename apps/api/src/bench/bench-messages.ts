/** What `run-bench` and its server process say to each other over the IPC channel. */

/** The three ways GET /platform/Account's handler is served, compared in one run. */
export const BENCH_ROUTES = {
  /** No authentication at all: the ceiling. */
  open: '/api/bench/open/Account',
  /** The real platform route: the core's verification, rate limit, version and scope checks. */
  ours: '/platform/Account',
  /** Hono's own basicAuth middleware with one fixed username and password. */
  basicAuth: '/api/bench/basic-auth/Account',
} as const
export type BenchRoute = keyof typeof BENCH_ROUTES

export type ToBenchServer =
  | { type: 'start'; dataDir: string; masterKey: string; accountSid: string; authToken: string }
  | { type: 'memory' }
  | { type: 'cpu' }
  | { type: 'stop' }

export type FromBenchServer =
  | { type: 'listening'; port: number }
  | { type: 'memory'; rssBytes: number; peakRssBytes: number; heapUsedBytes: number }
  /** CPU time (user + system) the server process has used so far, in microseconds. */
  | { type: 'cpu'; micros: number }
  | { type: 'failed'; message: string }
