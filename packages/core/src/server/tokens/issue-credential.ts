import { generateAccountSid, generateAuthToken } from '../crypto/random-secrets.js'
import type { Keyring } from '../crypto/keyring.js'
import { digestSecret, encodeDigest } from '../crypto/secret-digest.js'
import { sealSecret, tokenBinding } from '../crypto/seal-secret.js'

export interface IssuedSecret {
  authToken: string
  secretDigest: string
  sealedSecret: string
}

/** A fresh auth token for a row, with the two stored forms: a keyed digest and a sealed copy. */
export function issueSecret(keyring: Keyring, tokenId: string, sid: string): IssuedSecret {
  const authToken = generateAuthToken()
  return {
    authToken,
    secretDigest: encodeDigest(digestSecret(keyring.current.digestKey, authToken)),
    sealedSecret: sealSecret(keyring, authToken, tokenBinding(tokenId, sid)),
  }
}

export function issueCredential(keyring: Keyring, tokenId: string): IssuedSecret & { sid: string } {
  const sid = generateAccountSid()
  return { sid, ...issueSecret(keyring, tokenId, sid) }
}
