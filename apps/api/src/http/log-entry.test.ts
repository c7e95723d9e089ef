import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('the default log sink', () => {
  it('writes every entry as one JSON line with level and time, all of them out by exit, even process.exit', async () => {
    const script = `
      import { flushLog, writeJsonLine } from './src/http/log-entry.ts'
      for (let i = 0; i < 2000; i++) writeJsonLine({ level: 'info', event: 'request', n: i })
      writeJsonLine({ level: 'error', event: 'last' })
      flushLog()
      process.exit(3)
    `
    const child = run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        maxBuffer: 16 * 1024 * 1024,
      },
    )
    const failure = await child.then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    )
    expect(failure?.code).toBe(3)
    const lines = (failure?.stdout ?? '')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toHaveLength(2001)
    expect(lines[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event: 'request',
      n: 0,
    })
    expect(lines[2000]).toMatchObject({ level: 'error', event: 'last' })
  })

  it('writes the lines still gathered when the process ends by itself', async () => {
    const script = `
      import { writeJsonLine } from './src/http/log-entry.ts'
      for (let i = 0; i < 10; i++) writeJsonLine({ level: 'info', event: 'request', n: i })
    `
    const { stdout } = await run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: new URL('../..', import.meta.url).pathname },
    )
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { n: number }).n),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('writes a lone line within a quarter of a second, though lines are batched for throughput', async () => {
    const script = `
      import { writeJsonLine } from './src/http/log-entry.ts'
      writeJsonLine({ level: 'info', event: 'alone' })
      // Keeps running, as a server between two requests does: the line must not wait for more.
      setTimeout(() => undefined, 5_000)
    `
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))
        child.once('exit', () => reject(new Error('exited before writing the line')))
      })
      expect(JSON.parse(line)).toMatchObject({ level: 'info', event: 'alone' })
    } finally {
      child.kill()
    }
  })
  it("writes the very line pino's logger wrote for the same entry, but for the time", async () => {
    const entry = {
      level: 'warn',
      event: 'request',
      path: '/api/"quoted"\\back\nslash\t\u0001 订单 ＦＵＬＬ',
      status: 200,
      ms: 0.3,
      huge: Number.POSITIVE_INFINITY,
      ok: true,
      none: null,
      'odd "key"': 'x',
    }
    const script = `
      import { flushLog, writeJsonLine } from './src/http/log-entry.ts'
      writeJsonLine(${JSON.stringify(entry).replace('"huge":null', '"huge":Infinity')})
      writeJsonLine({ level: 'nonsense', event: 'e' })
      flushLog()
    `
    const { stdout } = await run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: new URL('../..', import.meta.url).pathname },
    )
    const pinoLines: string[] = []
    const logger = pino(
      {
        base: null,
        timestamp: () => ',"time":"T"',
        formatters: { level: (label) => ({ level: label }) },
      },
      { write: (line: string) => pinoLines.push(line) },
    )
    const { level: _level, ...fields } = entry
    logger.warn(fields)
    logger.info({ event: 'e' })
    const withoutTime = (line: string) => line.replace(/,"time":"[^"]*"/, ',"time":"T"')
    expect(stdout.split(/(?<=\n)/).map(withoutTime)).toEqual(pinoLines)
  })
})
