import type { Context } from 'hono'
import type { AppEnv } from './app-env.js'

/**
 * A request header by its lower-case name, exactly as `c.req.header(name)` answers it: repeated
 * headers joined with ", ", surrounding whitespace trimmed (Node's parser already trims it). Under
 * the Node server it is read from the list Node parsed: asking the Fetch request instead makes the
 * adapter build a Headers object of every header first, which every platform request would pay.
 */
export function requestHeader(c: Context<AppEnv>, name: string): string | undefined {
  const raw = c.env?.incoming?.rawHeaders
  if (!raw) return c.req.header(name)
  let value: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i] as string
    if (key.length !== name.length || key.toLowerCase() !== name) continue
    const found = raw[i + 1] as string
    value = value === undefined ? found : `${value}, ${found}`
  }
  return value
}
