import { randomBytes } from 'node:crypto'
import { rotateMasterKey } from '../key-rotation/rotate-master-key.js'
import type { TestCore, TestCoreOptions } from './open-test-core.js'

/**
 * Closes the test core, rotates its master key offline as the CLI does, and opens the same
 * database again under the new key (closed with the test core).
 */
export async function restartWithNewMasterKey(
  test: TestCore,
  options: TestCoreOptions = {},
): Promise<TestCore> {
  await test.core.close()
  const newKey = randomBytes(32).toString('base64')
  await rotateMasterKey({
    dataDir: test.dataDir,
    databaseUrl: test.databaseUrl,
    currentKeys: [test.masterKey],
    newKey,
  })
  return test.openSibling({ ...options, masterKey: newKey })
}
