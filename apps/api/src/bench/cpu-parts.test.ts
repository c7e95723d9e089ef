import { describe, expect, it } from 'vitest'
import { cpuPartsOfPerfScript } from './cpu-parts.js'

/** One `perf script` sample: a header line, then its frames innermost first. */
function sample(...frames: string[]): string {
  return `node 4242  879.354126:     333667 cpu-clock:pppH: \n${frames.map((frame) => `\t    7f6e620deabe ${frame}`).join('\n')}\n\n`
}

const writeFromTheAdapter = [
  'JS:*doWrite node:internal/streams/writable:587:17+0x2fe (/tmp/perf-4242.map)',
  'JS:*responseViaCache file:///repo/node_modules/.pnpm/@hono+node-server@1.19.19_hono@4.13.19/node_modules/@hono/node-server/dist/index.mjs:441:24+0x20 (/tmp/perf-4242.map)',
]

describe('the CPU parts of perf samples', () => {
  it('counts a kernel sample under a socket write as the write, whatever JavaScript called it', () => {
    const parts = cpuPartsOfPerfScript(
      sample(
        'finish_task_switch.isra.0+0x90 ([kernel.kallsyms])',
        '__GI___writev+0x3e (/usr/lib/x86_64-linux-gnu/libc.so.6)',
        ...writeFromTheAdapter,
      ),
    )
    expect([...parts]).toEqual([['kernel: socket write (and waking the client)', 1]])
  })

  it("counts a kernel sample under the read system call as the socket read, by any of the call's names", () => {
    const text =
      sample(
        '_copy_to_iter+0x10 ([kernel.kallsyms])',
        'ksys_read+0x6b ([kernel.kallsyms])',
        '__libc_read+0x12 (/usr/lib/x86_64-linux-gnu/libc.so.6)',
      ) +
      sample('tcp_recvmsg+0x20 ([kernel.kallsyms])', 'uv__read+0x1c0 (/usr/bin/node)') +
      sample(
        'do_epoll_wait+0x1 ([kernel.kallsyms])',
        'epoll_wait+0x2 (/usr/lib/x86_64-linux-gnu/libc.so.6)',
        'uv__io_poll+0x4db (/usr/bin/node)',
      )
    expect(Object.fromEntries(cpuPartsOfPerfScript(text))).toEqual({
      'kernel: socket read': 2,
      'kernel: other (events, scheduling)': 1,
    })
  })

  it('gives a sample to the innermost frame that names a part', () => {
    const text =
      sample(
        'sha256_block_data_order_shaext+0x20 (/usr/bin/node)',
        'JS:*hash node:internal/crypto/hash:221:14+0x10 (/tmp/perf-4242.map)',
        'JS:*digestSecret file:///repo/packages/core/dist/server/crypto/secret-digest.js:29:29+0x40 (/tmp/perf-4242.map)',
        'JS:* file:///repo/apps/api/dist/platform/platform-guard.js:21:23+0x90 (/tmp/perf-4242.map)',
      ) +
      sample(
        'node::http_parser::checkIsHttpToken+0x1 (/usr/bin/node)',
        'JS:*setHeader node:_http_outgoing:652:3+0x10 (/tmp/perf-4242.map)',
        'JS:*addAnswerHeaders file:///repo/apps/api/dist/http/answer-headers.js:119:33+0x8 (/tmp/perf-4242.map)',
        'JS:* file:///repo/apps/api/dist/platform/platform-guard.js:21:23+0x90 (/tmp/perf-4242.map)',
      ) +
      sample(
        'v8::internal::Scavenger::ScavengePage+0x11 (/usr/bin/node)',
        'JS:*digestSecret file:///repo/packages/core/dist/server/crypto/secret-digest.js:29:29+0x40 (/tmp/perf-4242.map)',
      )
    expect(Object.fromEntries(cpuPartsOfPerfScript(text))).toEqual({
      'verification (Basic decode, HMAC, cache, comparison)': 1,
      'answer headers (set, validated, serialised)': 1,
      'garbage collection': 1,
    })
  })

  it('names a sample no frame claims by what its stack went through', () => {
    const text =
      sample('v8::internal::String::WriteToFlat<unsigned char>+0x5 (/usr/bin/node)', ...writeFromTheAdapter) +
      sample(
        'llhttp__internal_execute+0x10 (/usr/bin/node)',
        'node::(anonymous namespace)::Parser::Execute+0x4 (/usr/bin/node)',
      ) +
      sample('_int_malloc+0x3 (/usr/lib/x86_64-linux-gnu/libc.so.6)', 'uv_run+0x187 (/usr/bin/node)') +
      sample('uv_run+0x187 (/usr/bin/node)')
    expect(Object.fromEntries(cpuPartsOfPerfScript(text))).toEqual({
      'socket write (user space)': 1,
      'Node HTTP parser and request': 1,
      'memory allocation (malloc, free)': 1,
      other: 1,
    })
  })
})
