/**
 * Each language's catalog (locales/<locale>.json, one file) is shipped in two parts, cut at build
 * time (vite.config.ts imports `@tokens/locales/<locale>.json?part=first|later`):
 *
 * - `first`: what the pages a visitor can land on show (the login page, the shell, the settings
 *   layout and overview, the API page, not-found), and every message not listed below;
 * - `later`: the messages of the other pages only (the wizard, the token page, the policy, audit,
 *   leak check and webhook pages, the usage panel and the lifecycle dialogs). They are fetched with
 *   the first of those pages, and with any code the first pages load lazily (lazyPart, lazy dialogs).
 *
 * A message is `first` unless listed here, so a new one is never missing where it is shown; listing
 * one that a first page shows fails catalog-parts.test.ts.
 */
export const LATER_MESSAGE_PATHS = [
  'wizard',
  'tokenPage',
  'scopePicker',
  'scopeCategories',
  'leastPrivilege',
  'lifecycle',
  'usage',
  'policies',
  'auditTrail',
  'notifications',
  'leaks',
] as const

/** Inside the paths above, what the first pages show all the same (the settings menu, a card's badge, …). */
export const FIRST_MESSAGE_EXCEPTIONS = [
  'policies.navLabel',
  'auditTrail.navLabel',
  'notifications.webhooks.navLabel',
  'leaks.check.navLabel',
  'leaks.badge',
  'lifecycle.rotate',
] as const

export type CatalogPart = 'first' | 'later'

const within = (path: string, parent: string): boolean => path === parent || path.startsWith(`${parent}.`)

/** The part the message (or group of messages) at `path`, dot-separated, ships in. */
export function partOf(path: string): CatalogPart {
  if (FIRST_MESSAGE_EXCEPTIONS.some((kept) => within(path, kept))) return 'first'
  return LATER_MESSAGE_PATHS.some((later) => within(path, later)) ? 'later' : 'first'
}

type Messages = { [key: string]: unknown }
const isGroup = (value: unknown): value is Messages =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The messages of `catalog` (a parsed catalog file) that ship in `part`, nested as in the file. */
export function catalogPart(catalog: Messages, part: CatalogPart, prefix = ''): Messages {
  const kept: Messages = {}
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix + key
    // A group split between the parts (e.g. lifecycle, whose rotate messages are first) is walked into.
    const mixed =
      isGroup(value) &&
      [...LATER_MESSAGE_PATHS, ...FIRST_MESSAGE_EXCEPTIONS].some((listed) => listed.startsWith(`${path}.`))
    if (mixed) {
      const inner = catalogPart(value, part, `${path}.`)
      if (Object.keys(inner).length > 0) kept[key] = inner
    } else if (partOf(path) === part) kept[key] = value
  }
  return kept
}

/**
 * Both parts of a catalog as one again. They hold different messages, so only the groups they
 * share are walked into; a compiled message is never.
 */
export function joinParts<T extends Messages>(first: T, later: Messages): T {
  const joined: Messages = { ...first }
  for (const [key, value] of Object.entries(later)) {
    const existing = joined[key]
    joined[key] = isGroup(existing) && isGroup(value) ? joinParts(existing, value) : value
  }
  return joined as T
}
