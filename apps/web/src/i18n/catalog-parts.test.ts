// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { catalogPart, joinParts, partOf } from './catalog-parts'

type Messages = { [key: string]: unknown }

// The catalogs as written (imported through Vite, they arrive precompiled).
const catalogs = Object.fromEntries(
  ['en', 'zh-CN'].map((locale) => [
    locale,
    JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve(`@tokens/locales/${locale}.json`), 'utf8'),
    ) as Messages,
  ]),
)

/** Every message of a catalog, by its dot-separated path. */
function leafPaths(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? leafPaths(value as Messages, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  )
}

describe('the two parts of each catalog', () => {
  it.each(Object.keys(catalogs))('%s: hold every message once, and together the whole catalog', (locale) => {
    const catalog = catalogs[locale] as Messages
    const first = catalogPart(catalog, 'first')
    const later = catalogPart(catalog, 'later')
    const firstPaths = leafPaths(first)
    const laterPaths = leafPaths(later)
    expect(firstPaths.filter((path) => laterPaths.includes(path))).toEqual([])
    expect(firstPaths.every((path) => partOf(path) === 'first')).toBe(true)
    expect(laterPaths.every((path) => partOf(path) === 'later')).toBe(true)
    expect(joinParts(first, later)).toEqual(catalog)
    // Both languages are cut alike: the same messages in each part.
    expect(firstPaths.sort()).toEqual(leafPaths(catalogPart(catalogs['en'] as Messages, 'first')).sort())
  })
})

// The pages a visitor can land on (the routes marked `firstMessages`), with the entry: everything
// they import (statically) shows messages of the first part only. Code they load lazily (lazyPart,
// useLazyDialog) and every other page fetch the later part first.
const SRC = dirname(fileURLToPath(new URL('.', import.meta.url)))
const FIRST_ROOTS = [
  'main.ts',
  'pages/login/LoginPage.vue',
  'shells/AccountShell.vue',
  'pages/settings/SettingsLayout.vue',
  'pages/settings/SettingsOverviewPage.vue',
  'pages/api/ApiPage.vue',
  'pages/NotFoundPage.vue',
]

/** A module's static, non-type imports of the SPA's own files. */
function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8')
  const specifiers = [
    ...code.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm),
  ].map((match) => match[1] as string)
  return specifiers.flatMap((specifier) => {
    const base = resolve(dirname(file), specifier)
    const found = [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')].find(
      (candidate) => existsSync(candidate) && /\.(ts|vue)$/.test(candidate),
    )
    return found ? [found] : []
  })
}

function firstPageFiles(): string[] {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    importsOf(file).forEach(visit)
  }
  FIRST_ROOTS.forEach((root) => visit(join(SRC, root)))
  return [...seen]
}

/** Message keys a file names: whole (`'apiPage.lead'`) or as the start of a computed one (`` `dialogs.${action}` ``). */
function keysNamedIn(file: string, sections: string[]): { key: string; computed: boolean }[] {
  const code = readFileSync(file, 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
  const pattern = new RegExp(`['"\`]((?:${sections.join('|')})\\.[\\w.]*)(\\$\\{|['"\`])`, 'g')
  return [...code.matchAll(pattern)].map((match) => ({
    key: (match[1] as string).replace(/\.$/, ''),
    computed: match[2] === '${',
  }))
}

describe('the first part', () => {
  it('holds every message the pages a visitor lands on can show', () => {
    const en = catalogs['en'] as Messages
    const leaves = leafPaths(en)
    const files = firstPageFiles()
    expect(files.length).toBeGreaterThan(30)
    const missing = files.flatMap((file) =>
      keysNamedIn(file, Object.keys(en))
        .filter(({ key, computed }) => {
          const under = leaves.filter((leaf) => leaf === key || leaf.startsWith(`${key}.`))
          // A computed key may be any message under its start; a whole one is that message or group.
          return (computed || under.length > 0) && under.some((leaf) => partOf(leaf) === 'later')
        })
        .map(({ key }) => `${file.slice(SRC.length + 1)}: ${key}`),
    )
    expect(missing).toEqual([])
  })

  it('is what a key of a later page is not in (the check above can fail)', () => {
    expect(partOf('wizard.title')).toBe('later')
    expect(partOf('lifecycle.expiry.label')).toBe('later')
    expect(partOf('lifecycle.rotate.menu')).toBe('first')
    expect(partOf('apiPage.lead')).toBe('first')
  })
})
