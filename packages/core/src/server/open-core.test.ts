import { describe, expect, it } from 'vitest'
import { openTestCore, provisionTestAccount } from './test-support/open-test-core.js'

describe('openCore', () => {
  it('creates a scoped token whose credential verifies through a Basic authorization header', async () => {
    const test = await openTestCore()
    try {
      const account = await provisionTestAccount(test.core, 'brand')
      const { token, credentials } = await test.core.tokens.create(account.admin, {
        name: 'Reporting',
        primaryContactUserId: account.adminUserId,
        scopes: ['GET /Reports'],
      })
      expect(token.apiVersion).toBe('v14')
      const header = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`
      const verified = await test.core.verification.verifyAuthorization(header)
      expect(verified?.tokenId).toBe(token.id)
      expect(verified?.scopes.has('GET /Reports')).toBe(true)
    } finally {
      await test.close()
    }
  })
})
