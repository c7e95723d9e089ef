// @vitest-environment node
import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

describe('SPA import boundary', () => {
  it('refuses an import of the server core from SPA code', async () => {
    const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../..', import.meta.url)) })
    const [result] = await eslint.lintText(
      "import { openDatabase } from '@tokens/core/server'\nexport { openDatabase }\n",
      {
        filePath: fileURLToPath(new URL('./probe.ts', import.meta.url)),
      },
    )
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-imports')
  })
})
