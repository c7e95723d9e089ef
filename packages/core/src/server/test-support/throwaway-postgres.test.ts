import { type AddressInfo, createServer } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { startThrowawayPostgres } from '../../../scripts/throwaway-postgres.mjs'
import { withAdminClient } from './test-postgres.js'

function listenOnAnyPort(): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() }),
    )
  })
}

describe('the throwaway PostgreSQL cluster', () => {
  // With DATABASE_URL the cluster is the one given: nothing is started here.
  it.skipIf(process.env.DATABASE_URL?.startsWith('postgres'))(
    'starts on another port when the one it probed is taken before postgres binds it',
    async (context) => {
      const holder = await listenOnAnyPort()
      const spare = await listenOnAnyPort()
      spare.close()
      // The first probe answers a port another process holds, as when it is taken between probe and start.
      const probePort = vi.fn().mockResolvedValueOnce(holder.port).mockResolvedValueOnce(spare.port)
      try {
        const server = await startThrowawayPostgres({ probePort })
        if ('skipped' in server) return context.skip(server.skipped)
        try {
          expect(probePort).toHaveBeenCalledTimes(2)
          expect(new URL(server.url).port).toBe(String(spare.port))
          const answer = await withAdminClient(server.url, (client) => client.query('select 1 as one'))
          expect(answer.rows).toEqual([{ one: 1 }])
        } finally {
          await server.stop()
        }
      } finally {
        holder.close()
      }
    },
    60_000,
  )
})
