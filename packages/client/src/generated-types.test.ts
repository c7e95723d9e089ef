import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { apiTypesSource, GENERATED_FILE } from '../scripts/api-types-source.js'

describe('the generated types', () => {
  it("match the API's OpenAPI document as it is now (run `pnpm --filter @tokens/client generate` after changing a route)", async () => {
    const checkedIn = readFileSync(GENERATED_FILE, 'utf8')
    const current = await apiTypesSource()
    // A whole-file comparison, so any route, parameter, body or answer that changed fails here.
    expect(checkedIn === current, 'src/generated/api-types.ts is out of date').toBe(true)
  }, 60_000)
})
