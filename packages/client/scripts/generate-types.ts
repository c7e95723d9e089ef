import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { apiTypesSource, GENERATED_FILE } from './api-types-source.js'

writeFileSync(GENERATED_FILE, await apiTypesSource())
console.log(`wrote ${fileURLToPath(GENERATED_FILE)}`)
