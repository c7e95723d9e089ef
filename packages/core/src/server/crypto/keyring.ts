import { createHash, hkdfSync } from 'node:crypto'

/** Keys derived from one master key. The key id names the master key in sealed values. */
export interface DerivedKeys {
  keyId: string
  digestKey: Buffer
  sealKey: Buffer
}

const HKDF_SALT = Buffer.from('token-console/hkdf/v1')

function derive(masterKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, HKDF_SALT, info, 32))
}

export function deriveKeys(masterKey: Buffer): DerivedKeys {
  const sealKey = derive(masterKey, 'tokens/seal/v1')
  const digestKey = derive(masterKey, 'tokens/digest/v1')
  const keyId = createHash('sha256').update(sealKey).digest('hex').slice(0, 8)
  return { keyId, digestKey, sealKey }
}

/**
 * The current keys seal and digest; older keys (by id) can still open values sealed before a
 * rotation, so a "rotate master key" command can re-seal and re-digest every row under the
 * current key while the service keeps answering.
 */
export interface Keyring {
  current: DerivedKeys
  byId: ReadonlyMap<string, DerivedKeys>
}

export function createKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
  const currentKeys = deriveKeys(current)
  const byId = new Map<string, DerivedKeys>()
  for (const key of previous) {
    const keys = deriveKeys(key)
    byId.set(keys.keyId, keys)
  }
  byId.set(currentKeys.keyId, currentKeys)
  return { current: currentKeys, byId }
}
