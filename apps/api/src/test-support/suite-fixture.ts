import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { answerClientError } from '../http/answer-client-error.js'
import {
  openApiFixture,
  type AdminSession,
  type ApiFixture,
  type ApiFixtureOptions,
  type FixtureUser,
} from './api-fixture.js'

/**
 * Stands for a value a `beforeAll` provides later: each read goes to the value of the moment, so a
 * describe block can name it as a const where its tests use it, and never repeat the `let`/assign.
 */
function provided<T extends object>(name: string, current: () => T | undefined): T {
  const value = () => {
    const now = current()
    if (now === undefined) throw new Error(`${name} is read before the describe block's beforeAll gave it`)
    return now
  }
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(value(), key),
    has: (_, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(value(), key)
      return descriptor && { ...descriptor, configurable: true }
    },
  })
}

/** Whether a describe block's tests share one fixture, or each test opens its own (a test that moves the clock far). */
type Scope = 'suite' | 'each test'

const HOOKS = {
  suite: { before: beforeAll, after: afterAll },
  'each test': { before: beforeEach, after: afterEach },
} as const

function fixtureFor(scope: Scope, options: ApiFixtureOptions | (() => ApiFixtureOptions)): ApiFixture {
  let fixture: ApiFixture | undefined
  HOOKS[scope].before(async () => {
    fixture = await openApiFixture(typeof options === 'function' ? options() : options)
  })
  HOOKS[scope].after(async () => {
    await fixture?.close()
    fixture = undefined
  })
  return provided('the fixture', () => fixture)
}

function sessionFor(scope: Scope, f: ApiFixture, user: (f: ApiFixture) => FixtureUser): AdminSession {
  let session: AdminSession | undefined
  HOOKS[scope].before(async () => {
    session = await f.signIn(user(f))
  })
  return provided('the session', () => session)
}

const firstAdmin = (f: ApiFixture) => f.a.admin

/**
 * The fixture of one describe block: opened before its tests and closed after them all.
 *
 * @example
 * const f = apiFixtureForSuite()
 * const admin = sessionForSuite(f)
 */
export function apiFixtureForSuite(options: ApiFixtureOptions = {}): ApiFixture {
  return fixtureFor('suite', options)
}

/** A session of `user` (the first account's admin unless said), signed in once before the block's tests. */
export function sessionForSuite(f: ApiFixture, user = firstAdmin): AdminSession {
  return sessionFor('suite', f, user)
}

/** A fixture of its own for each test of the block; `options` may be made anew for each. */
export function apiFixtureForEachTest(
  options: ApiFixtureOptions | (() => ApiFixtureOptions) = {},
): ApiFixture {
  return fixtureFor('each test', options)
}

/** A session of `user` signed in on each test's own fixture. */
export function sessionForEachTest(f: ApiFixture, user = firstAdmin): AdminSession {
  return sessionFor('each test', f, user)
}

/**
 * The fixture's app served by Node on a free local port for the block's tests, where what Node
 * itself does matters; what Node's parser refuses is answered as server.ts answers it. `requests` counts the requests that reached the app (headers parsed), for
 * a test that must act once the app has one, whatever the machine's load.
 */
export function nodeServerForSuite(f: ApiFixture): { readonly base: string; readonly requests: number } {
  let server: Server | undefined
  let base: string | undefined
  let requests = 0
  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const fetch: typeof f.app.fetch = (request, ...rest) => {
        requests++
        return f.app.fetch(request, ...rest)
      }
      const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started as Server),
      ) as Server
    })
    server.on('clientError', answerClientError)
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))
  return {
    get requests() {
      return requests
    },
    get base() {
      if (base === undefined) throw new Error("the server's address is read before the block's beforeAll")
      return base
    },
  }
}
