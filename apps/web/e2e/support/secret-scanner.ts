import { generateKeyPairSync, sign } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** One match a scanner sends, in GitHub's secret scanning partner-program format. */
export interface ScannerCandidate {
  token: string
  type: string
  url: string
  source: string
}

export interface ScannerVerdict {
  token_hash: string
  token_type: string
  label: 'true_positive' | 'false_positive'
}

export interface SecretScanner {
  /** The keys document for SECRET_SCANNING_KEYS, holding the public key only. */
  readonly keysFile: string
  /** POSTs a signed report to the server's /secret-scanning/reports and answers its verdicts. */
  report(baseUrl: string, candidates: ScannerCandidate[]): Promise<ScannerVerdict[]>
}

// GitHub names its keys by a hex identifier; this one is made up for the throw-away key.
const KEY_ID = 'e2e0000000000000000000000000000000000000000000000000000000000001'

/**
 * A throw-away scanner key pair (ECDSA P-256, as GitHub's partner program uses), its public key
 * written to `dir` in the shape of GitHub's public-keys document. Reports are signed exactly as
 * GitHub documents: ECDSA with SHA-256 over the raw body, DER, base64, with the key's identifier.
 */
export async function createSecretScanner(dir: string): Promise<SecretScanner> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const keysFile = join(dir, 'secret-scanning-keys.json')
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  await writeFile(
    keysFile,
    JSON.stringify({ public_keys: [{ key_identifier: KEY_ID, key: pem, is_current: true }] }),
  )
  return {
    keysFile,
    async report(baseUrl, candidates) {
      const body = JSON.stringify(candidates)
      const signature = sign('sha256', Buffer.from(body), { key: privateKey, dsaEncoding: 'der' })
      const response = await fetch(`${baseUrl}/secret-scanning/reports`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'github-public-key-identifier': KEY_ID,
          'github-public-key-signature': signature.toString('base64'),
        },
        body,
      })
      if (!response.ok) throw new Error(`secret-scanning report answered ${response.status}`)
      return (await response.json()) as ScannerVerdict[]
    },
  }
}
