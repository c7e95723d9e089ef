// A core in a child process, for tests that need a second process on one database: SQLite
// instances in one process would share its event loop and block each other in SQLite's busy
// handler. Started by core-process.ts; talks JSON lines on stdin/stdout.
//   serve: answers {id, path, args} with {id, ok, value} or {id, ok: false, code}
//   churn: creates and resets tokens until killed, printing each change after it committed
import { createInterface } from 'node:readline'
import { isTokenConsoleError } from '../../errors/error-codes.js'
import type { ActorContext, CoreConfig, TokenConsoleCore } from '../core-contract.js'
import { openCore } from '../open-core.js'

export interface CoreProcessOptions {
  mode: 'serve' | 'churn'
  config: Pick<
    CoreConfig,
    | 'dataDir'
    | 'databaseUrl'
    | 'masterKey'
    | 'busyTimeoutMs'
    | 'webhooksAllowPrivate'
    | 'notificationIntervalMs'
  >
  /** churn: who creates and resets, and whom tokens name as primary contact. */
  churn?: { context: ActorContext; primaryContactUserId: string }
}

function send(message: unknown): void {
  process.stdout.write(`${JSON.stringify(message)}\n`)
}

async function serve(core: TokenConsoleCore): Promise<void> {
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) {
    const { id, path, args } = JSON.parse(line) as { id: number; path: string; args: unknown[] }
    const [area, method] = path.split('.') as [string, string]
    const target = (core as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[
      area
    ]
    void Promise.resolve()
      .then(() => target?.[method]?.(...args))
      .then(
        (value) => send({ id, ok: true, value: value === undefined ? null : value }),
        (error: unknown) =>
          send({
            id,
            ok: false,
            code: isTokenConsoleError(error) ? error.code : 'Internal',
            message: String(error),
          }),
      )
  }
  await core.close()
}

async function churn(
  core: TokenConsoleCore,
  options: NonNullable<CoreProcessOptions['churn']>,
): Promise<never> {
  const ids: string[] = []
  for (let n = 0; ; n++) {
    if (ids.length === 0 || n % 3 === 0) {
      const { token } = await core.tokens.create(options.context, {
        name: `Churn ${n}`,
        primaryContactUserId: options.primaryContactUserId,
        scopes: ['GET /Account'],
      })
      ids.push(token.id)
      send({ op: 'create', tokenId: token.id })
    } else {
      const tokenId = ids[n % ids.length] as string
      const { token } = await core.tokens.reset(options.context, tokenId)
      send({ op: 'reset', tokenId, at: token.updatedAt })
    }
  }
}

const options = JSON.parse(process.argv[2] ?? '{}') as CoreProcessOptions
const core = await openCore({ demoData: false, ...options.config })
send({ ready: true })
if (options.mode === 'churn' && options.churn) await churn(core, options.churn)
else await serve(core)
