import { verify, type KeyObject } from 'node:crypto'

/**
 * GitHub's signature of a secret-scanning report: ECDSA P-256 over the raw body with SHA-256,
 * DER-encoded, in base64 (`Github-Public-Key-Signature`). False for anything malformed.
 */
export function isScannerSignatureValid(key: KeyObject, body: Uint8Array, signatureBase64: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64) || signatureBase64.length > 512) return false
  try {
    return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signatureBase64, 'base64'))
  } catch {
    return false
  }
}
