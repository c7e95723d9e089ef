/** What `run-bench` and its server process say to each other over the IPC channel. */

/** The four ways GET /platform/Account's handler is served, compared in one run. */
export const BENCH_ROUTES = {
  /** No authentication at all: the ceiling. */
  open: '/bench/open/Account',
  /** The real platform route: the core's verification, rate limit, version and scope checks. */
  ours: '/platform/Account',
  /** Hono's own basicAuth middleware with one fixed username and password. */
  basicAuth: '/bench/basic-auth/Account',
  /**
   * The real platform route of a second server in the same process, on the same core, whose usage
   * recording does nothing: `ours` against it is what recording usage costs.
   */
  unrecorded: '/platform/Account',
} as const
export type BenchRoute = keyof typeof BENCH_ROUTES

export type ToBenchServer =
  | { type: 'start'; dataDir: string; masterKey: string; accountSid: string; authToken: string }
  | { type: 'memory' }
  | { type: 'cpu' }
  | { type: 'stop' }

export type FromBenchServer =
  | { type: 'listening'; port: number; unrecordedPort: number }
  | { type: 'memory'; rssBytes: number; peakRssBytes: number; heapUsedBytes: number }
  /** CPU time (user + system) the server process has used so far, in microseconds. */
  | { type: 'cpu'; micros: number }
  | { type: 'failed'; message: string }
