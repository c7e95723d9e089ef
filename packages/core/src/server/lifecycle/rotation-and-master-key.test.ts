import { describe, expect, it } from 'vitest'
import { createTestToken, openTestAccountsClosedAfterEach } from '../test-support/open-test-core.js'
import { restartWithNewMasterKey } from '../test-support/restart-with-new-master-key.js'

const openAccount = openTestAccountsClosedAfterEach()

describe('a token rotation across a master-key rotation', () => {
  it('keeps both auth tokens of a rotation in progress verifying under the new key, until the rotation ends', async () => {
    const { account, ...test } = await openAccount('brand')
    const { token, credentials: old } = await createTestToken(test.core, account)
    const rotated = await test.core.lifecycle.rotate(account.admin, token.id, {})
    const { core } = await restartWithNewMasterKey(test)
    expect((await core.verification.verify(old.accountSid, old.authToken))?.rotationSecret).toBe('old')
    expect(
      (await core.verification.verify(old.accountSid, rotated.credentials.authToken))?.rotationSecret,
    ).toBe('new')
    await core.lifecycle.completeRotation(account.admin, token.id)
    expect(await core.verification.verify(old.accountSid, old.authToken)).toBeNull()
    const db = await test.database()
    const row = await db
      .selectFrom('tokens')
      .select(['rotation_old_digest', 'rotation_old_sealed_secret'])
      .where('id', '=', token.id)
      .executeTakeFirst()
    expect(row).toEqual({ rotation_old_digest: null, rotation_old_sealed_secret: null })
  })
})
