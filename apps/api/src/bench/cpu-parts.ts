/**
 * The parts of a request's CPU time that bench:profile reports, read from `perf script` samples of
 * the server process. perf samples the CPU a thread really uses, in the kernel too, where V8's
 * own profiler samples the wall clock: in V8's profile, time the thread spends descheduled right
 * after a socket write (the client it just woke runs first) looks like time spent writing.
 */
export const CPU_PARTS = [
  'kernel: socket write (and waking the client)',
  'kernel: socket read',
  'kernel: other (events, scheduling)',
  'garbage collection',
  'compilation',
  'verification (Basic decode, HMAC, cache, comparison)',
  'guard: throttle, rate count, scope, usage and last-used',
  'request log line and request id',
  'answer headers (set, validated, serialised)',
  'handler and JSON',
  'Hono dispatch and node-server adapter',
  'socket write (user space)',
  'Node HTTP parser and request',
  'memory allocation (malloc, free)',
  'other',
] as const
export type CpuPart = (typeof CPU_PARTS)[number]

/**
 * Application parts by the frames they run in (JIT frames carry their file, native ones their
 * symbol). A sample belongs to the first part found from its innermost frame outwards, so the
 * headers a guard sets count as answer headers, a hash the verification runs as verification, and
 * whatever runs inside the adapter, itself inside Node's parser callback, as the innermost of them.
 */
const FRAME_PARTS: readonly (readonly [CpuPart, RegExp])[] = [
  ['garbage collection', /Scaveng|MarkCompact|Heap::|GarbageCollect|ArrayBufferSweeper|ConcurrentMarking/],
  ['compilation', /Compil|Deoptimiz|Baseline|Maglev|Turbofan/],
  [
    'verification (Basic decode, HMAC, cache, comparison)',
    /secret-digest\.js|verification-service\.js|verification-cache\.js|parse-basic-authorization\.js|authenticate-basic\.js|credential-format\.js|crypto\/hash|sha256|timingSafeEqual|RegExp:\^basic|RegExp:\^TK/,
  ],
  [
    'guard: throttle, rate count, scope, usage and last-used',
    /platform-guard\.js|limit-token-rate\.js|credential-failure-throttle\.js|fixed-window-counters\.js|usage-recorder\.js|last-used|require-scope\.js|check-api-version\.js|require-json-body\.js|request-header\.js/,
  ],
  ['request log line and request id', /log-entry\.js|sonic-boom|log-requests\.js|randomUUID/],
  [
    'answer headers (set, validated, serialised)',
    /answer-headers\.js|setHeader|_storeHeader|writeHead|checkIsHttpToken|checkInvalidHeaderChar|processHeader/,
  ],
  [
    'handler and JSON',
    /platform-routes\.js|health-route\.js|verify-route\.js|JsonStringifier|bench-server\.js/,
  ],
  ['socket write (user space)', /writev|_writeGeneric|doWrite|clearBuffer/],
  ['Hono dispatch and node-server adapter', /\/hono@|@hono\+node-server@/],
  ['Node HTTP parser and request', /llhttp|parserOn|IncomingMessage|_http_incoming|Parser::/],
]

interface Frame {
  symbol: string
  kernel: boolean
}

function partOfSample(frames: readonly Frame[]): CpuPart {
  const stack = frames.map((frame) => frame.symbol).join(' ')
  if (frames[0]?.kernel) {
    if (stack.includes('writev')) return 'kernel: socket write (and waking the client)'
    // The system call by any of its names (read, ksys_read, __x64_sys_read, __libc_read) or libuv's caller.
    if (/(?:^|[_ ])read\b|uv__read|recvmsg/.test(stack)) return 'kernel: socket read'
    return 'kernel: other (events, scheduling)'
  }
  for (const frame of frames)
    for (const [part, pattern] of FRAME_PARTS) if (pattern.test(frame.symbol)) return part
  // Allocations only where nothing above claimed them: most are made on behalf of a part.
  return /malloc|free/.test(stack) ? 'memory allocation (malloc, free)' : 'other'
}

// `perf script` prints a sample as a header line, then one indented line per frame, innermost
// first: `<address> <symbol>+0x<offset> (<object>)`; a blank line ends it.
const FRAME_LINE = /^\s+[0-9a-f]+ (.*?)(?:\+0x[0-9a-f]+)? \((.*)\)$/

/** How many samples of a `perf script` text fall into each part. */
export function cpuPartsOfPerfScript(text: string): Map<CpuPart, number> {
  const counts = new Map<CpuPart, number>()
  let frames: Frame[] = []
  const endSample = () => {
    if (frames.length === 0) return
    const part = partOfSample(frames)
    counts.set(part, (counts.get(part) ?? 0) + 1)
    frames = []
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      endSample()
      continue
    }
    const frame = FRAME_LINE.exec(line)
    if (frame) frames.push({ symbol: frame[1] as string, kernel: (frame[2] as string).startsWith('[kernel') })
  }
  endSample()
  return counts
}
