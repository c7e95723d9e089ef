import { rmSync } from 'node:fs'
import { prepareServerData, startServerProcess, type ServerProcess } from '@tokens/api/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatformClient, ProblemError, signInAdminClient } from './index.js'

describe('the typed client against a real server', () => {
  let server: ServerProcess
  let data: Awaited<ReturnType<typeof prepareServerData>>
  beforeAll(async () => {
    data = await prepareServerData('brand', 'client')
    await data.setup.close()
    server = await startServerProcess(data.env)
  })
  afterAll(async () => {
    server?.child.kill('SIGTERM')
    await server?.exited
    rmSync(data.dataDir, { recursive: true, force: true })
  })

  it('creates a token (admin API), resets it, and verifies the new credential while the old one is refused with a typed problem', async () => {
    const admin = await signInAdminClient({ baseUrl: server.url, email: data.email, password: data.password })
    const created = await admin.POST('/api/tokens', {
      body: { name: 'Typed client', primaryContactUserId: data.adminUserId, scopes: ['GET /Account'] },
    })
    expect(created.response.status).toBe(201)
    const tokenId = created.data?.token.id as string
    const first = created.data?.credentials

    const reset = await admin.POST('/api/tokens/{id}/reset', { params: { path: { id: tokenId } } })
    const second = reset.data?.credentials
    expect(second?.accountSid).toBe(first?.accountSid)
    expect(second?.authToken).not.toBe(first?.authToken)

    const platform = createPlatformClient({
      baseUrl: server.url,
      accountSid: second?.accountSid as string,
      authToken: second?.authToken as string,
      apiVersion: created.data?.token.apiVersion as string,
    })
    const account = await platform.GET('/platform/Account')
    expect(account.response.status).toBe(200)

    const verified = await platform.POST('/verify', {
      body: {
        accountSid: second?.accountSid as string,
        authToken: second?.authToken as string,
        method: 'GET',
        path: '/Account',
      },
    })
    expect(verified.data).toMatchObject({ valid: true })

    const stale = createPlatformClient({
      baseUrl: server.url,
      accountSid: first?.accountSid as string,
      authToken: first?.authToken as string,
    })
    const refused = await stale.GET('/platform/Account').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ProblemError)
    expect(refused).toMatchObject({ status: 401, code: 'InvalidCredentials' })

    const mismatch = await createPlatformClient({
      baseUrl: server.url,
      accountSid: second?.accountSid as string,
      authToken: second?.authToken as string,
      apiVersion: 'v1',
    })
      .GET('/platform/Account')
      .catch((error: unknown) => error)
    expect(mismatch).toMatchObject({ status: 400, code: 'ApiVersionMismatch' })
  })
})
