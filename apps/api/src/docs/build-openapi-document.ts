import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openCore } from '@tokens/core/server'
import { createApp } from '../app.js'
import { openApiDocument } from './openapi-document.js'

/**
 * The document /api/openapi.json serves, built without a running server (for the typed client's
 * generator, the lint and the drift check): the app is built on a throwaway SQLite core, since the
 * routes are registered once a core exists. Every optional route is on, as a deployment may have it.
 */
export async function buildOpenApiDocument(): Promise<ReturnType<typeof openApiDocument>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'token-console-openapi-'))
  const core = await openCore({ dataDir, masterKey: randomBytes(32).toString('base64'), demoData: false })
  try {
    return openApiDocument(createApp({ core, log: () => undefined }))
  } finally {
    await core.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
