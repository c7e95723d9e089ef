import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './app-env.js'

export type ApiApp = OpenAPIHono<AppEnv>
