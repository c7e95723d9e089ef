import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { callerFolder } from '@tokens/core/server'
import { buildOpenApiDocument } from './build-openapi-document.js'

/**
 * `write-openapi-document.ts <file>`: the served document, as JSON, into a file. pnpm runs the
 * script in apps/api; a relative file is the caller's (the folder the command was typed in, as for
 * the operator commands), and the command says where it wrote.
 */
const [file] = process.argv.slice(2)
if (!file) {
  console.error('usage: write-openapi-document <file.json>')
  process.exitCode = 2
} else {
  const path = resolve(callerFolder(process.env), file)
  writeFileSync(path, `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`)
  console.log(`wrote ${path}`)
}
