import { test as base, expect } from '@playwright/test'
import { startApiServer, type ApiServer } from './api-server'
import { signInToApiPage } from './console'
import { LABELS, type Labels } from './labels'
import type { Credential } from './platform-api'
import { createTokenThroughWizard } from './token-wizard'
import { ANY_LANGUAGE_TAG, type Language, type Variant } from './variants'

export interface E2eOptions {
  language: Language
  variant: Variant
}

interface WorkerFixtures {
  /**
   * The API servers this worker has started, by test file; one file runs at a time per worker, and a
   * worker runs one project: projects never share a server, nor its demo users' saved languages.
   */
  serversByFile: Map<string, ApiServer>
}

interface TestFixtures {
  /** The API server (serving the SPA) of the current test file. */
  server: ApiServer
  /** The expected UI labels of the project's language. */
  labels: Labels
  /**
   * Content-Security-Policy violations the pages reported; any fails the test. The API sends a strict
   * policy (no 'unsafe-eval', no inline styles), and the console must work within it, not around it.
   */
  cspViolations: string[]
  /** Signed in on the API page with a token just created through the wizard (it may read the account). */
  newToken: NewToken
}

export interface NewToken {
  name: string
  credential: Credential
}

export const test = base.extend<E2eOptions & TestFixtures, WorkerFixtures>({
  language: ['en', { option: true }],
  variant: ['brand', { option: true }],
  serversByFile: [
    // Playwright requires a destructuring pattern here, even when the fixture needs no others.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const servers = new Map<string, ApiServer>()
      await use(servers)
      await Promise.all([...servers.values()].map((server) => server.stop()))
    },
    { scope: 'worker' },
  ],
  server: async ({ serversByFile }, use, testInfo) => {
    let server = serversByFile.get(testInfo.file)
    if (!server) {
      // A worker moved on to another file: that file's server is no longer needed.
      for (const [file, previous] of serversByFile) {
        await previous.stop()
        serversByFile.delete(file)
      }
      server = await startApiServer()
      serversByFile.set(testInfo.file, server)
    }
    await use(server)
  },
  baseURL: async ({ server }, use) => {
    await use(server.url)
  },
  labels: async ({ language }, use) => {
    await use(LABELS[language])
  },
  newToken: async ({ page, labels, variant }, use) => {
    // Unique within the test file's server, which every test of the file shares.
    const name = `E2E ${variant} ${Date.now()}`
    await signInToApiPage(page, labels, variant)
    await use({ name, credential: await createTokenThroughWizard(page, labels, variant, name) })
  },
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = []
      // Bindings and init scripts come through the DevTools protocol, which the page's policy does not govern.
      await page.exposeBinding('e2eReportCspViolation', (_source, violation: string) => {
        violations.push(violation)
      })
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { e2eReportCspViolation(violation: string): void })
            .e2eReportCspViolation
          report(
            `${event.effectiveDirective} refused ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
          )
        })
      })
      await use(violations)
      expect(violations, 'Content-Security-Policy violations').toEqual([])
    },
    { auto: true },
  ],
})

/** Every test of the calling file starts signed in as the variant's admin on the API page, reached through its menus. */
export function startEachTestOnApiPage(): void {
  test.beforeEach(async ({ page, labels, variant }) => {
    await signInToApiPage(page, labels, variant)
  })
}

/** Test details that tag a test (or a group) as the same in every language: see ANY_LANGUAGE_TAG. */
export const ANY_LANGUAGE = { tag: ANY_LANGUAGE_TAG }

export { expect }
