/** What `run-bench` and its server process say to each other over the IPC channel. */

/**
 * The routes measured in one run. `bare` routes are served by a Hono app with no middleware at all
 * on another port of the same process (the physical limit of this stack on this machine), each
 * answering exactly the body its counterpart answers; `open` and `basicAuth` serve
 * GET /platform/Account's own handler with no authentication and behind Hono's basicAuth.
 */
export const BENCH_ROUTES = {
  bareAccount: { server: 'bare', method: 'GET', path: '/platform/Account', auth: false },
  open: { server: 'app', method: 'GET', path: '/api/bench/open/Account', auth: false },
  ours: { server: 'app', method: 'GET', path: '/platform/Account', auth: true },
  basicAuth: { server: 'app', method: 'GET', path: '/api/bench/basic-auth/Account', auth: true },
  bareHealthz: { server: 'bare', method: 'GET', path: '/healthz', auth: false },
  healthz: { server: 'app', method: 'GET', path: '/healthz', auth: false },
  bareVerify: { server: 'bare', method: 'POST', path: '/verify', auth: false },
  verify: { server: 'app', method: 'POST', path: '/verify', auth: false },
  /**
   * The application on the same core with usage recording switched off, on a third port: ours
   * against it is what recording usage costs (issue 14).
   */
  unrecorded: { server: 'unrecorded', method: 'GET', path: '/platform/Account', auth: true },
} as const
export type BenchRoute = keyof typeof BENCH_ROUTES

export type ToBenchServer =
  | {
      type: 'start'
      dataDir: string
      databaseUrl?: string
      masterKey: string
      accountSid: string
      authToken: string
    }
  | { type: 'memory' }
  | { type: 'cpu' }
  | { type: 'stop' }

export type FromBenchServer =
  | { type: 'listening'; port: number; barePort: number; unrecordedPort: number }
  | {
      type: 'memory'
      rssBytes: number
      peakRssBytes: number
      heapUsedBytes: number
      /** What V8 holds for the heap (in use or not), and memory outside it: buffers, and native allocations V8 is told of. */
      heapTotalBytes: number
      externalBytes: number
    }
  /** CPU time (user + system) the server process has used so far, in microseconds. */
  | { type: 'cpu'; micros: number }
  | { type: 'failed'; message: string }

/** The Authorization header of a bench credential. */
export function basicAuthorization(credential: { accountSid: string; authToken: string }): string {
  return `Basic ${Buffer.from(`${credential.accountSid}:${credential.authToken}`).toString('base64')}`
}

/** The body of the measured POST /verify: the bench token, checked for the scope of GET /Account. */
export function verifyBody(credential: { accountSid: string; authToken: string }): string {
  return JSON.stringify({
    accountSid: credential.accountSid,
    authToken: credential.authToken,
    method: 'GET',
    path: '/Account',
  })
}
