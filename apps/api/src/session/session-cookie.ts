import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../http/app-env.js'

export const SESSION_COOKIE = 'tc_session'

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE)
}

/** HttpOnly (no script reads it), SameSite=Lax (no cross-site unsafe requests carry it), Secure over TLS. */
export function setSessionCookie(c: Context<AppEnv>, sessionId: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Lax', path: '/', secure })
}

export function clearSessionCookie(c: Context<AppEnv>, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Lax', path: '/', secure })
}
