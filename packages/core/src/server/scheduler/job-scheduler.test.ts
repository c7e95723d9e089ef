import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CoreLogFields, CoreLogLevel } from '../core-contract.js'
import { openDatabase } from '../database/open-database.js'
import type { Db } from '../database/schema.js'
import { openTestCore, type TestCore } from '../test-support/open-test-core.js'
import { takeJobLease } from './job-lease.js'
import { JobScheduler } from './job-scheduler.js'
import type { RecurringJob } from './recurring-job.js'

const INTERVAL_MS = 3_600_000
const LEASE_MS = 300_000

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A test core's database, and `count` schedulers on handles of their own, as separate instances have. */
async function setup(count: number) {
  const test: TestCore = await openTestCore()
  cleanups.push(() => test.close())
  const logs: Array<{ level: CoreLogLevel; event: string; fields: CoreLogFields }> = []
  const schedulers: JobScheduler[] = []
  const handles: Db[] = []
  for (let i = 0; i < count; i++) {
    const { db } = await openDatabase({ dataDir: test.dataDir, databaseUrl: test.databaseUrl })
    handles.push(db)
    const scheduler = new JobScheduler({
      db,
      now: test.clock.now,
      holderId: `instance-${i}`,
      leaseMs: LEASE_MS,
      logger: { log: (level, event, fields) => logs.push({ level, event, fields }) },
    })
    schedulers.push(scheduler)
    cleanups.push(async () => {
      await scheduler.close()
      await db.destroy()
    })
  }
  return { test, schedulers, handles, logs }
}

/** A job whose runs are counted and, while `hold` is set, wait until it is released. */
function countedJob(name = 'count') {
  let release: (() => void) | undefined
  const job = {
    runs: 0,
    finished: 0,
    hold() {
      const gate = new Promise<void>((resolve) => (release = resolve))
      job.gate = gate
    },
    release: () => release?.(),
    gate: undefined as Promise<void> | undefined,
    recurring: {
      name,
      intervalMs: INTERVAL_MS,
      run: async () => {
        job.runs++
        await job.gate
        job.finished++
      },
    } satisfies RecurringJob,
  }
  return job
}

describe('the job scheduler', () => {
  it('runs a due job on one instance only, also while that run is in progress, and once per period', async () => {
    const { test, schedulers } = await setup(2)
    const [a, b] = schedulers as [JobScheduler, JobScheduler]
    const onA = countedJob()
    const onB = countedJob()
    a.register(onA.recurring)
    b.register(onB.recurring)

    const both = await Promise.all([a.runDue(), b.runDue()])
    expect(both.flat()).toEqual(['count'])
    expect(onA.runs + onB.runs).toBe(1)

    const runner = onA.runs === 1 ? onA : onB
    const [first, other] = onA.runs === 1 ? [a, b] : [b, a]
    test.clock.advance(INTERVAL_MS)
    runner.hold()
    const inProgress = first.runDue()
    await vi.waitFor(() => expect(runner.runs).toBe(2))
    expect(await other.runDue()).toEqual([])
    runner.release()
    expect(await inProgress).toEqual(['count'])

    test.clock.advance(INTERVAL_MS - 1)
    expect(await Promise.all([a.runDue(), b.runDue()])).toEqual([[], []])
    test.clock.advance(1)
    expect((await Promise.all([a.runDue(), b.runDue()])).flat()).toEqual(['count'])
    expect(onA.runs + onB.runs).toBe(3)
  })

  it("takes over a crashed holder's job once its lease has expired, and not before", async () => {
    const { test, schedulers, handles } = await setup(1)
    const [scheduler] = schedulers as [JobScheduler]
    const job = countedJob()
    scheduler.register(job.recurring)
    // An instance took the lease and died before releasing it.
    const nowMs = test.clock.now().getTime()
    expect(
      await takeJobLease(handles[0] as Db, { name: 'count', holder: 'dead', nowMs, leaseMs: LEASE_MS }),
    ).toBe(true)
    expect(await scheduler.runDue()).toEqual([])
    test.clock.advance(LEASE_MS - 1)
    expect(await scheduler.runDue()).toEqual([])
    test.clock.advance(1)
    expect(await scheduler.runDue()).toEqual(['count'])
    expect(job.runs).toBe(1)
  })

  it('tells a run that lost its lease to another instance to stop, and logs it', async () => {
    const { test, logs } = await setup(0)
    const db = await test.database()
    const scheduler = new JobScheduler({
      db,
      now: test.clock.now,
      holderId: 'stalled',
      // Renewed every 100 ms.
      leaseMs: 300,
      logger: { log: (level, event, fields) => logs.push({ level, event, fields }) },
    })
    cleanups.push(() => scheduler.close())
    let stopped = false
    scheduler.register({
      name: 'long',
      intervalMs: INTERVAL_MS,
      run: async (signal) => {
        // This instance stalled past its lease, and another one took the job over.
        await db.updateTable('job_leases').set({ holder: 'other' }).where('name', '=', 'long').execute()
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()))
        stopped = signal?.aborted ?? false
      },
    })
    expect(await scheduler.runDue()).toEqual(['long'])
    expect(stopped).toBe(true)
    expect(logs.map((entry) => entry.event)).toContain('job.lease_lost')
  })

  it('logs a failing run, keeps going with the other jobs, and runs the failed job again next period', async () => {
    const { test, schedulers, logs } = await setup(1)
    const [scheduler] = schedulers as [JobScheduler]
    let attempts = 0
    scheduler.register({
      name: 'flaky',
      intervalMs: INTERVAL_MS,
      run: async () => {
        attempts++
        throw Object.assign(new TypeError('database said something secret'), { code: 'XX000' })
      },
    })
    const other = countedJob('other')
    scheduler.register(other.recurring)

    expect(await scheduler.runDue()).toEqual(['flaky', 'other'])
    expect(other.runs).toBe(1)
    const failure = logs.find((entry) => entry.event === 'job.failed')
    expect(failure).toMatchObject({
      level: 'error',
      fields: { job: 'flaky', error: 'TypeError', code: 'XX000' },
    })
    expect(JSON.stringify(logs)).not.toContain('secret')

    expect(await scheduler.runDue()).toEqual([])
    test.clock.advance(INTERVAL_MS)
    expect(await scheduler.runDue()).toEqual(['flaky', 'other'])
    expect(attempts).toBe(2)
  })

  it('close() lets a run in progress finish, then starts nothing more', async () => {
    const { schedulers } = await setup(1)
    const [scheduler] = schedulers as [JobScheduler]
    const job = countedJob()
    job.hold()
    scheduler.register(job.recurring)
    const tick = scheduler.runDue()
    await vi.waitFor(() => expect(job.runs).toBe(1))
    let closed = false
    const closing = scheduler.close().then(() => (closed = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(closed).toBe(false)
    job.release()
    await closing
    expect(job.finished).toBe(1)
    expect(await tick).toEqual(['count'])
    expect(await scheduler.runDue()).toEqual([])
  })

  it('ticks by itself every tickMs once started', async () => {
    const test = await openTestCore()
    cleanups.push(() => test.close())
    const { db } = await openDatabase({ dataDir: test.dataDir, databaseUrl: test.databaseUrl })
    const scheduler = new JobScheduler({ db, now: test.clock.now, tickMs: 10 })
    cleanups.push(async () => {
      await scheduler.close()
      await db.destroy()
    })
    const job = countedJob()
    scheduler.register(job.recurring)
    scheduler.start()
    await vi.waitFor(() => expect(job.runs).toBe(1))
    test.clock.advance(INTERVAL_MS)
    await vi.waitFor(() => expect(job.runs).toBe(2))
  })

  it('refuses a second job of the same name', () => {
    const scheduler = new JobScheduler({ db: {} as Db, now: () => new Date() })
    scheduler.register(countedJob().recurring)
    expect(() => scheduler.register(countedJob().recurring)).toThrow(/already registered/)
  })
})
