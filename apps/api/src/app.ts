import { OpenAPIHono } from '@hono/zod-openapi'
import type { TokenConsoleCore } from '@tokens/core/server'
import type { ApiDeps } from './api-deps.js'
import { DEFAULT_LIMITS, type AppLimits } from './app-limits.js'
import { registerAuditRoutes } from './audit/audit-routes.js'
import { registerCatalogRoutes } from './catalog/catalog-routes.js'
import { registerDocsRoutes } from './docs/docs-routes.js'
import { registerSecuritySchemes } from './docs/security-schemes.js'
import { registerHealthRoute } from './health/health-route.js'
import { ServingState } from './health/serving-state.js'
import type { ApiApp } from './http/api-app.js'
import { ApiMetrics } from './metrics/api-metrics.js'
import { measureRequests } from './metrics/measure-requests.js'
import { registerMetricsRoute } from './metrics/metrics-route.js'
import type { AppEnv } from './http/app-env.js'
import { handleErrors, handleNotFound, refuseInvalidInput } from './http/handle-errors.js'
import { BODY_METHODS, limitBody } from './http/limit-body.js'
import { writeJsonLine, type LogSink } from './http/log-entry.js'
import { logRequests } from './http/log-requests.js'
import { registerLegacyRoutes } from './legacy/legacy-routes.js'
import { registerEmailDeliveryRoutes } from './notifications/email-delivery-routes.js'
import { CredentialFailureThrottle } from './platform/credential-failure-throttle.js'
import { limitTokenRate } from './platform/limit-token-rate.js'
import { registerPlatformRoutes } from './platform/platform-routes.js'
import { registerPolicyRoutes } from './policies/policy-routes.js'
import { registerLeakRoutes } from './secret-scanning/leak-routes.js'
import type { ScannerPublicKeys } from './secret-scanning/scanner-public-keys.js'
import { registerSecretScanningRoutes } from './secret-scanning/secret-scanning-routes.js'
import { registerSessionRoutes } from './session/session-routes.js'
import { registerLifecycleRoutes } from './tokens/lifecycle-routes.js'
import { registerTokenActionRoutes } from './tokens/token-action-routes.js'
import { registerTokenRoutes } from './tokens/token-routes.js'
import { registerUsageRoutes } from './usage/usage-routes.js'
import { registerUserRoutes } from './users/user-routes.js'
import { registerVerifyRoute } from './verify/verify-route.js'
import { registerWebhookRoutes } from './webhooks/webhook-routes.js'
import { serveWebApp } from './web/serve-web-app.js'

export interface CreateAppOptions {
  core: TokenConsoleCore
  /** Where request lines and unexpected errors go (default: JSON lines on stdout). */
  log?: LogSink
  /** The built SPA to serve at `/` (with a fallback to its index.html for client-side routes). */
  webDist?: string
  /** The clock of every throttle and rate limit. */
  now?: () => Date
  /** Believe X-Forwarded-For / -Proto / -Host: only behind a reverse proxy that sets them. */
  trustProxy?: boolean
  limits?: Partial<AppLimits>
  /** The secret scanner's public keys (`SECRET_SCANNING_KEYS`); unset: POST /secret-scanning/reports answers 404. */
  secretScanningKeys?: ScannerPublicKeys
  /** Marked stopping on SIGTERM, so /readyz answers 503 while the server drains. */
  serving?: ServingState
  /** `METRICS_TOKEN`: turns on GET /metrics behind this bearer token; unset, nothing is measured. */
  metricsToken?: string
}

/** Builds the whole HTTP application without listening: the server and the tests both call this. */
export function createApp(options: CreateAppOptions): ApiApp {
  const deps: ApiDeps = {
    core: options.core,
    log: options.log ?? writeJsonLine,
    now: options.now ?? (() => new Date()),
    trustProxy: options.trustProxy ?? false,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  }
  const app: ApiApp = new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalidInput })
  app.onError(handleErrors(deps.log))
  app.notFound(handleNotFound)

  if (options.metricsToken !== undefined) {
    const metrics = new ApiMetrics(deps.core)
    app.use('*', measureRequests(metrics))
    registerMetricsRoute(app, metrics, options.metricsToken)
  }
  app.use('*', logRequests(deps.log))
  // Only where a request carries a body: on GET and HEAD it would be a layer of the middleware chain
  // (a closure, a promise, a dispatch) that every probe and platform read passes for nothing.
  app.on(BODY_METHODS, '*', limitBody(deps.limits.bodyBytes))

  registerSecuritySchemes(app)
  registerHealthRoute(app, deps.core, options.serving ?? new ServingState())
  registerSessionRoutes(app, deps)
  registerCatalogRoutes(app, deps)
  registerUserRoutes(app, deps)
  registerTokenRoutes(app, deps)
  registerTokenActionRoutes(app, deps)
  registerLifecycleRoutes(app, deps)
  registerPolicyRoutes(app, deps)
  registerWebhookRoutes(app, deps)
  registerEmailDeliveryRoutes(app, deps)
  registerLeakRoutes(app, deps)
  registerLegacyRoutes(app, deps)
  registerAuditRoutes(app, deps)
  registerUsageRoutes(app, deps)
  // One count per credential and per token, whichever of the platform API and /verify it is used on.
  const credentialThrottle = new CredentialFailureThrottle(
    { perAddress: deps.limits.credentialFailuresPerAddress, perSid: deps.limits.credentialFailuresPerSid },
    () => deps.now().getTime(),
    deps.core.sharedLimits,
  )
  const countTokenRequest = limitTokenRate({
    windowMs: deps.limits.tokenRateWindowMs,
    now: () => deps.now().getTime(),
    shared: deps.core.sharedLimits,
  })
  registerPlatformRoutes(app, deps, credentialThrottle, countTokenRequest)
  registerVerifyRoute(app, deps, credentialThrottle, countTokenRequest)
  registerSecretScanningRoutes(app, deps, options.secretScanningKeys)
  registerDocsRoutes(app)
  if (options.webDist) serveWebApp(app, options.webDist)
  return app
}
