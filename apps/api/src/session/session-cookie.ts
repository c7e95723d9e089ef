import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../http/app-env.js'

/**
 * Over TLS the cookie carries the `__Host-` prefix: a browser keeps such a cookie only when it is
 * Secure, for the whole host (Path=/, no Domain) and set by this host itself, so no site on a
 * sibling or parent domain can put a session of its own in front of ours (cookie tossing: the
 * victim would work in the attacker's account). Plain HTTP (development) cannot carry the prefix.
 */
export function sessionCookieName(overTls: boolean): string {
  return overTls ? '__Host-tc_session' : 'tc_session'
}

/**
 * The session id the request's cookie names; none when it carries two cookies of that name (one
 * was set by someone else, over plain HTTP from a parent domain, and which one is ours cannot be
 * told).
 */
export function readSessionCookie(c: Context<AppEnv>, overTls: boolean): string | undefined {
  const name = sessionCookieName(overTls)
  const header = c.req.header('cookie')
  if (header === undefined) return undefined
  let named = 0
  for (const part of header.split(';')) if (part.trimStart().startsWith(`${name}=`)) named++
  return named === 1 ? getCookie(c, name) : undefined
}

/** HttpOnly (no script reads it), SameSite=Lax (no cross-site unsafe requests carry it), Secure over TLS. */
export function setSessionCookie(c: Context<AppEnv>, sessionId: string, overTls: boolean): void {
  setCookie(c, sessionCookieName(overTls), sessionId, cookieOptions(overTls))
}

export function clearSessionCookie(c: Context<AppEnv>, overTls: boolean): void {
  deleteCookie(c, sessionCookieName(overTls), cookieOptions(overTls))
}

function cookieOptions(overTls: boolean) {
  return { httpOnly: true, sameSite: 'Lax', path: '/', secure: overTls } as const
}
