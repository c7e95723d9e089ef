import type { TestCore } from './open-test-core.js'
import { startCoreProcess } from './core-process.js'

/** One of several instances serving the same database, driven by `core.<area>.<method>` paths. */
export interface TestInstance {
  call<T = unknown>(path: string, ...args: unknown[]): Promise<T>
  close(): Promise<void>
}

function callOn(core: object, path: string, args: unknown[]): Promise<unknown> {
  const [area, method] = path.split('.') as [string, string]
  const target = (core as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[area]
  const fn = target?.[method]
  if (!fn) throw new Error(`no core method ${path}`)
  return fn(...args)
}

/**
 * `count` more instances on the test core's database and key. On PostgreSQL they are further
 * cores in this process (each with its own pool and change listener); on SQLite they are child
 * processes, as separate servers on one SQLite file would be: SQLite waits for locks
 * synchronously, so two cores in one process would stall each other's event loop.
 */
export async function openTestInstances(test: TestCore, count: number): Promise<TestInstance[]> {
  if (test.dialect === 'postgres') {
    const siblings = await Promise.all(Array.from({ length: count }, () => test.openSibling()))
    return siblings.map((sibling) => ({
      call: <T>(path: string, ...args: unknown[]) => callOn(sibling.core, path, args) as Promise<T>,
      close: () => sibling.core.close(),
    }))
  }
  const processes = await Promise.all(
    Array.from({ length: count }, () =>
      startCoreProcess({ mode: 'serve', config: { dataDir: test.dataDir, masterKey: test.masterKey } }),
    ),
  )
  return processes.map((process) => ({
    call: process.call.bind(process),
    close: process.close.bind(process),
  }))
}
