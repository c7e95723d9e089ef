import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './app-env.js'

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>

const COMMON = {
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
  permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false, usb: false },
} satisfies SecureHeadersOptions

/** The SPA and every API answer: only our own scripts, styles, images and API, never framed. */
const strict = secureHeaders({
  ...COMMON,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    manifestSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
})

/** The API reference page: Swagger UI sets inline styles and draws icons from data: URIs. */
const docs = secureHeaders({
  ...COMMON,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
})

export const DOCS_PATH = '/api/docs'

export const securityHeaders: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.path === DOCS_PATH || c.req.path.startsWith(`${DOCS_PATH}/`) ? docs(c, next) : strict(c, next)
