import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { BenchRoute } from './bench-messages.js'
import type { MachineDescription } from './describe-machine.js'
import type { ListLatencyFigures } from './measure-list-latency.js'
import type { SpaSizeFigures } from './measure-spa-size.js'
import type { LoadSettings, ThroughputFigures } from './measure-throughput.js'

export interface BenchFigures {
  at: Date
  machine: MachineDescription
  load: LoadSettings
  tokens: number
  throughput: ThroughputFigures
  list: ListLatencyFigures
  /** Resident memory when the server had just started, after the run, and its peak; the heap in use after the run. */
  memory: {
    startRssBytes: number
    rssBytes: number
    peakRssBytes: number
    heapUsedBytes: number
    /** The heap V8 holds after the run (used or not) and memory outside it, beside the resident size. */
    heapTotalBytes: number
    externalBytes: number
  }
  spa: SpaSizeFigures
}

const MB = 1_048_576
const KB = 1_024

/** The targets of issues 7, 13 and 14; `atLeast` targets are floors, the others ceilings. */
export const TARGETS = {
  accountOverBare: { value: 0.4, atLeast: true },
  healthzOverBare: { value: 0.7, atLeast: true },
  verifyOverBare: { value: 0.4, atLeast: true },
  oursOverOpen: { value: 0.85, atLeast: true },
  oursOverBasicAuth: { value: 1.0, atLeast: true },
  /** Issue 14: recording usage costs at most 5 % of authenticated throughput. */
  oursOverUnrecorded: { value: 0.95, atLeast: true },
  listP95Ms: { value: 15, atLeast: false },
  rssMb: { value: 200, atLeast: false },
  spaKb: { value: 150, atLeast: false },
} as const
type TargetName = keyof typeof TARGETS

/** Each ratio of requests per second: a route of ours over its comparison, measured in the same rounds. */
export const RATIOS = [
  { name: 'accountOverBare', ours: 'ours', base: 'bareAccount', label: 'GET /platform/Account / bare Hono' },
  { name: 'healthzOverBare', ours: 'healthz', base: 'bareHealthz', label: 'GET /healthz / bare Hono' },
  { name: 'verifyOverBare', ours: 'verify', base: 'bareVerify', label: 'POST /verify / bare Hono' },
  { name: 'oursOverOpen', ours: 'ours', base: 'open', label: 'GET /platform/Account / same handler open' },
  {
    name: 'oursOverBasicAuth',
    ours: 'ours',
    base: 'basicAuth',
    label: "GET /platform/Account / same handler behind Hono's basicAuth",
  },
  {
    name: 'oursOverUnrecorded',
    ours: 'ours',
    base: 'unrecorded',
    label: 'GET /platform/Account / the same without usage recording (recording costs ≤ 5 %)',
  },
] as const satisfies ReadonlyArray<{ name: TargetName; ours: BenchRoute; base: BenchRoute; label: string }>

export function ratioOf(t: ThroughputFigures, ratio: (typeof RATIOS)[number]): number {
  return t.median[ratio.ours] / t.median[ratio.base]
}

function verdict(name: TargetName, measured: number, unit = ''): string {
  const { value, atLeast } = TARGETS[name]
  const met = atLeast ? measured >= value : measured <= value
  if (met) return 'met'
  const gap = Math.abs(measured - value)
  const digits = unit === '' ? 2 : 1
  return `**missed** by ${gap.toFixed(digits)}${unit} (${((gap / value) * 100).toFixed(1)} %)`
}

const LABELS: Record<BenchRoute, string> = {
  bareAccount: 'bare Hono, the same Account body',
  open: "open route (GET /platform/Account's handler, no authentication)",
  ours: 'GET /platform/Account (our Basic verification)',
  basicAuth: "same handler behind Hono's basicAuth",
  bareHealthz: 'bare Hono, the same /healthz body',
  healthz: 'GET /healthz',
  bareVerify: 'bare Hono, the same /verify body',
  verify: 'POST /verify (credential and scope)',
  unrecorded: 'GET /platform/Account without usage recording',
}
const ROUTES = Object.keys(LABELS) as BenchRoute[]

const integer = (value: number) => Math.round(value).toLocaleString('en-US')
const ms = (value: number) => `${value.toFixed(2)} ms`

/** The figures as a Markdown block, the part of docs/PERFORMANCE.md that each run replaces. */
export function figuresMarkdown(f: BenchFigures): string {
  const { machine, throughput: t, list, memory, spa } = f
  const load = machine.loadAtEnd === undefined ? '' : ` → ${machine.loadAtEnd.toFixed(2)} at the end`
  // The run itself keeps about two processes busy (server and load generator).
  const busiest = Math.max(machine.loadAtStart, machine.loadAtEnd ?? 0)
  const noise =
    busiest > machine.cores + 1
      ? 'other work competed with the run: compare the ratios, not the absolute figures'
      : 'little else ran beside the bench'
  const lines = [
    `Run of ${f.at.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpuModel}, ${machine.cores} cores, ` +
      `${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory, Node ${machine.node}, ${machine.os}. ` +
      `1-minute load average ${machine.loadAtStart.toFixed(2)} at the start${load} (${noise}).`,
    '',
    `Settings: ${f.tokens.toLocaleString('en-US')} tokens in the account; ${f.load.rounds} rounds of ` +
      `${f.load.seconds} s per route, ${f.load.connections} connections, autocannon in its own process.`,
    '',
    '| figure | measured | target | |',
    '| --- | ---: | --- | --- |',
    ...ROUTES.map(
      (route) => `| requests/s, ${LABELS[route]} (median of rounds) | ${integer(t.median[route])} | | |`,
    ),
    ...ROUTES.map(
      (route) =>
        `| server CPU per request, ${LABELS[route]} | ${t.cpuMicrosPerRequest[route].toFixed(0)} µs | | |`,
    ),
    ...RATIOS.map((ratio) => {
      const measured = ratioOf(t, ratio)
      return `| ${ratio.label} | ${measured.toFixed(2)} | ≥ ${TARGETS[ratio.name].value.toFixed(2)} | ${verdict(ratio.name, measured)} |`
    }),
    `| GET /api/tokens p50, name + state + created, 50-row page | ${ms(list.filtered.p50)} | | |`,
    `| GET /api/tokens p95, same | ${ms(list.filtered.p95)} | ≤ 15 ms | ${verdict('listP95Ms', list.filtered.p95, ' ms')} |`,
    `| server resident memory with ${f.tokens.toLocaleString('en-US')} tokens (after the run) | ${(memory.rssBytes / MB).toFixed(1)} MB | ≤ 200 MB | ${verdict('rssMb', memory.rssBytes / MB, ' MB')} |`,
    `| SPA initial JS + CSS, gzip (${spa.largest.name}) | ${(spa.largest.gzipBytes / KB).toFixed(1)} KB | ≤ 150 KB | ${verdict('spaKb', spa.largest.gzipBytes / KB, ' KB')} |`,
    '',
    'Rounds (requests/s; each round starts with the next route):',
    '',
    `| round | ${ROUTES.join(' | ')} |`,
    `| ---: | ${ROUTES.map(() => '---:').join(' | ')} |`,
    ...t.rounds.ours.map(
      (_, i) => `| ${i + 1} | ${ROUTES.map((route) => integer(t.rounds[route][i] ?? 0)).join(' | ')} |`,
    ),
    '',
    `List latency over ${list.filtered.requests} sequential requests (${list.filtered.queries.length} queries in turn, ` +
      `e.g. \`${list.filtered.queries[0] ?? ''}\`; smallest page ${list.filtered.smallestPage} rows): p50 ${ms(list.filtered.p50)}, p95 ${ms(list.filtered.p95)}, ` +
      `p99 ${ms(list.filtered.p99)}, max ${ms(list.filtered.max)}. ` +
      `A search that matches nothing (\`${list.noMatch.query}\`, the worst case: it reads every index entry of the range), ` +
      `${list.noMatch.requests} requests: p50 ${ms(list.noMatch.p50)}, p95 ${ms(list.noMatch.p95)}.`,
    '',
    `Memory: resident ${(memory.startRssBytes / MB).toFixed(1)} MB once started, ${(memory.rssBytes / MB).toFixed(1)} MB after the run, peak ${(memory.peakRssBytes / MB).toFixed(1)} MB, ` +
      `JavaScript heap in use ${(memory.heapUsedBytes / MB).toFixed(1)} MB of ${(memory.heapTotalBytes / MB).toFixed(1)} MB held, ` +
      `external ${(memory.externalBytes / MB).toFixed(1)} MB (MB = 1,048,576 bytes).`,
    '',
    `SPA (KB = 1,024 bytes, each file gzip level 9): ` +
      spa.loads
        .map((l) => `${l.name} ${(l.gzipBytes / KB).toFixed(1)} KB in ${l.files.length} files`)
        .join('; ') +
      '.',
  ]
  return lines.join('\n')
}

/** What the terminal shows at the end of a run. */
export function figuresSummary(f: BenchFigures): string {
  const { throughput: t, list, memory, spa } = f
  return [
    `requests/s (median of ${f.load.rounds} rounds): ${ROUTES.map((route) => `${route} ${integer(t.median[route])}`).join(', ')}`,
    `server CPU per request: ${ROUTES.map((route) => `${route} ${t.cpuMicrosPerRequest[route].toFixed(0)} µs`).join(', ')}`,
    ...RATIOS.map((ratio) => {
      const measured = ratioOf(t, ratio)
      return `${ratio.label}: ${measured.toFixed(2)} (target ≥ ${TARGETS[ratio.name].value}: ${verdict(ratio.name, measured)})`
    }),
    `GET /api/tokens at ${f.tokens.toLocaleString('en-US')} tokens: p50 ${ms(list.filtered.p50)}, p95 ${ms(list.filtered.p95)} (target p95 ≤ 15 ms: ${verdict('listP95Ms', list.filtered.p95, ' ms')}); no-match search p95 ${ms(list.noMatch.p95)}`,
    `server RSS ${(memory.rssBytes / MB).toFixed(1)} MB, peak ${(memory.peakRssBytes / MB).toFixed(1)} MB (target ≤ 200 MB: ${verdict('rssMb', memory.rssBytes / MB, ' MB')})`,
    `SPA initial ${(spa.largest.gzipBytes / KB).toFixed(1)} KB gzip, ${spa.largest.name} (target ≤ 150 KB: ${verdict('spaKb', spa.largest.gzipBytes / KB, ' KB')})`,
  ]
    .map((line) => line.replaceAll('**', ''))
    .join('\n')
}

export const FIGURES_BEGIN =
  '<!-- pnpm bench writes the figures below; the text outside these two markers is kept -->'
export const FIGURES_END = '<!-- end of the figures pnpm bench writes -->'

/**
 * Replaces the figures between the markers of docs/PERFORMANCE.md, keeping the hand-written
 * explanation around them; a missing document is started with the figures only.
 */
export function writePerformanceDocument(path: string, figures: BenchFigures): void {
  const block = `${FIGURES_BEGIN}\n\n${figuresMarkdown(figures)}\n\n${FIGURES_END}`
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const begin = current.indexOf(FIGURES_BEGIN)
  const end = current.indexOf(FIGURES_END)
  const next =
    begin >= 0 && end > begin
      ? `${current.slice(0, begin)}${block}${current.slice(end + FIGURES_END.length)}`
      : `# Performance\n\n## Latest figures\n\n${block}\n`
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, next)
}
