import { describe, expect, it } from 'vitest'
import { openApiFixture } from './api-fixture.js'

describe('the API test fixture', () => {
  it('opens its core on the dialect its vitest project names, so the postgres leg really runs on PostgreSQL', async ({
    task,
  }) => {
    const f = await openApiFixture()
    try {
      const project = task.file.projectName
      expect(f.testCore.dialect).toBe(project)
      if (project === 'postgres') expect(f.testCore.databaseUrl).toMatch(/^postgres(ql)?:\/\//)
      else expect(f.testCore.databaseUrl).toBeUndefined()
      expect((await f.call('GET', '/healthz')).status).toBe(200)
    } finally {
      await f.close()
    }
  })
})
