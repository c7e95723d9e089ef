import { defineConfig } from '@playwright/test'
import type { E2eOptions } from './support/fixtures'
import { ANY_LANGUAGE_TAG, LANGUAGES, VARIANTS } from './support/variants'

// Flags that keep Chromium quiet on a closed network. Playwright launches every browser with a
// fresh temporary profile (its own --user-data-dir), removed when the browser closes.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export default defineConfig<E2eOptions>({
  testDir: './tests',
  // One folder per run (set by run.mjs): two runs at once must not delete each other's traces.
  outputDir: `./.output/${process.env.E2E_RUN_ID ?? 'manual'}`,
  // Two cores: two browsers, each with its own API server per test file.
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // On CI one retry, so that one timing accident on a shared two-core machine does not sink a run; a test
  // that passes only on its retry is still listed as "flaky" in the report, to be mended, not ignored.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['github']] : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 800 },
    // The copy buttons write to the clipboard; the tests read it back as a user would paste it.
    permissions: ['clipboard-read', 'clipboard-write'],
  },
  projects: LANGUAGES.flatMap((language) =>
    VARIANTS.map((variant) => ({
      name: `${language}-${variant}`,
      // A test tagged as the same in every language runs in English only (support/variants.ts).
      ...(language === 'en' ? {} : { grepInvert: new RegExp(ANY_LANGUAGE_TAG) }),
      use: {
        language,
        variant,
        locale: language,
        extraHTTPHeaders: { 'Accept-Language': language },
      },
    })),
  ),
})
