import type { TokenConsoleCore } from '@tokens/core/server'
import type { AppLimits } from './app-limits.js'
import type { LogSink } from './http/log-entry.js'

/** What the feature modules are built from: the core and the edge's settings, resolved once in createApp. */
export interface ApiDeps {
  core: TokenConsoleCore
  log: LogSink
  now: () => Date
  trustProxy: boolean
  limits: AppLimits
}
