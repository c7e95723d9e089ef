import { describe, expect, it } from 'vitest'
import { createTestToken, openTestAccountsClosedAfterEach } from '../test-support/open-test-core.js'

const openAccount = openTestAccountsClosedAfterEach()

describe('the account of a verified credential', () => {
  it('is the account the database holds, read with the credential', async () => {
    const { account, ...test } = await openAccount('agency')
    const { credentials } = await createTestToken(test.core, account)
    const verified = await test.core.verification.verify(credentials.accountSid, credentials.authToken)
    if (!verified) throw new Error('expected the token to verify')
    expect(test.core.accounts.ofCredential(verified)).toEqual(await test.core.accounts.get(account.admin))
  })

  it('shows legacy tokens enabled on the next request of a token whose credential was cached before', async () => {
    const { account, ...test } = await openAccount('agency')
    const { credentials } = await createTestToken(test.core, account)
    const before = await test.core.verification.verify(credentials.accountSid, credentials.authToken)
    expect(before && test.core.accounts.ofCredential(before).legacyEnabledAt).toBeNull()

    const legacy = await test.core.legacy.enable(account.admin)
    if (!legacy.enabled) throw new Error('expected legacy tokens to be enabled')
    const after = await test.core.verification.verify(credentials.accountSid, credentials.authToken)
    expect(after && test.core.accounts.ofCredential(after).legacyEnabledAt).toBe(legacy.enabledAt)
  })
})
