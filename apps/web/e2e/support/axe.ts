import { createRequire } from 'node:module'
import { expect, type Page } from '@playwright/test'
import { test } from './fixtures'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[] }>
}

/**
 * Declares a spec's axe-core checks. Their tests alone run with the console's Content-Security-Policy
 * bypassed, as the policy (script-src 'self') rightly refuses the injected axe-core; the spec's other
 * tests keep it, so they show the console works within it.
 */
export function describeAxeChecks(title: string, checks: () => void): void {
  test.describe(title, () => {
    test.use({ bypassCSP: true })
    checks()
  })
}

const IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const
type Impact = (typeof IMPACTS)[number]

/**
 * Runs axe-core in the page and records any serious or critical violation as a soft failure, so one
 * run reports every page's problems; the test still fails at its end.
 */
export function expectNoSeriousAxeViolations(page: Page, pageName: string): Promise<void> {
  return expectNoAxeViolations(page, pageName, 'serious')
}

/** As expectNoSeriousAxeViolations, from a lower impact on: 'moderate' also refuses "region" or "heading-order". */
export async function expectNoAxeViolations(page: Page, pageName: string, from: Impact): Promise<void> {
  await page.addScriptTag({ path: axePath })
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> }
      }
    ).axe
    const results = await axe.run(document, { resultTypes: ['violations'] })
    return results.violations as AxeViolation[]
  })
  const blocking = violations
    .filter((violation) => IMPACTS.indexOf(violation.impact as Impact) >= IMPACTS.indexOf(from))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }))
  expect.soft(blocking, `axe-core: ${from} or worse violations on ${pageName}`).toEqual([])
}
