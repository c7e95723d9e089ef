import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { ERROR_CODES, TokenConsoleError, type ErrorCode } from '../../errors/error-codes.js'
import type { CoreProcessOptions } from './core-process-child.js'

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'core-process-child.ts')
const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** A core running in a child process (TypeScript sources through tsx). */
export interface CoreProcess {
  child: ChildProcess
  /** Every JSON line the child printed, in order (churn mode reports its committed changes here). */
  messages: unknown[]
  /** Calls `core.<area>.<method>(...args)` in the child; refusals come back as TokenConsoleError. */
  call<T = unknown>(path: string, ...args: unknown[]): Promise<T>
  /** SIGKILL: no cleanup, no flush, exactly like a crash. */
  kill(): Promise<void>
  close(): Promise<void>
}

export async function startCoreProcess(options: CoreProcessOptions): Promise<CoreProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options)], {
    cwd: PACKAGE_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const messages: unknown[] = []
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let nextId = 1
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`core process exited (${code}) before it was ready`)))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const message = JSON.parse(line) as {
        ready?: boolean
        id?: number
        ok?: boolean
        value?: unknown
        code?: string
        message?: string
      }
      if (message.ready) return resolve()
      if (message.id === undefined) {
        messages.push(message)
        return
      }
      const pending = waiting.get(message.id)
      waiting.delete(message.id)
      if (!pending) return
      if (message.ok) pending.resolve(message.value)
      else if (ERROR_CODES.includes(message.code as ErrorCode))
        pending.reject(new TokenConsoleError(message.code as ErrorCode))
      else pending.reject(new Error(message.message ?? 'core process call failed'))
    })
  })
  await ready
  return {
    child,
    messages,
    call<T>(path: string, ...args: unknown[]) {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
        child.stdin?.write(`${JSON.stringify({ id, path, args })}\n`)
      })
    },
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.stdin?.end()
      const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(stuck)
    },
  }
}
