import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { buildOpenApiDocument } from './build-openapi-document.js'

/** `write-openapi-document.ts <file>`: the served document, as JSON, into a file. */
const [file] = process.argv.slice(2)
if (!file) {
  console.error('usage: write-openapi-document <file.json>')
  process.exitCode = 2
} else {
  writeFileSync(resolve(file), `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`)
}
