/** The three navigation variants (PRODUCT §2) and their demo accounts (DESIGN "Running"). */
export const VARIANTS = ['brand', 'agency', 'partner'] as const
export type Variant = (typeof VARIANTS)[number]

export const LANGUAGES = ['en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

/**
 * The tag of a test whose outcome is the same in every language (focus, keyboard, lazily loaded code
 * offline, token actions and lifecycle): the English projects run it, the Chinese ones skip it. What
 * a language changes (the words, their layout, dates and figures, switching language) is tested in
 * both. Halves the Chinese projects' work so the whole run fits CI's time on a busy two-core machine.
 */
export const ANY_LANGUAGE_TAG = '@any-language'

export const DEMO_PASSWORD = 'demo-password'

export type DemoRole = 'admin' | 'impl' | 'analyst'

const DEMO_DOMAINS: Record<Variant, string> = {
  brand: 'acme.test',
  agency: 'northwind.test',
  partner: 'blueharbor.test',
}

export const DEMO_ACCOUNT_NAMES: Record<Variant, string> = {
  brand: 'Acme Outdoor',
  agency: 'Northwind Agency',
  partner: 'Blue Harbor Media',
}

export function demoEmail(variant: Variant, role: DemoRole): string {
  return `${role}@${DEMO_DOMAINS[variant]}`
}

/** Legacy tokens are enabled in the demo data for the agency only. */
export function hasLegacyTokensFromStart(variant: Variant): boolean {
  return variant === 'agency'
}

/** API versions per account kind (PRODUCT §6), oldest first. */
export const API_VERSION_LINES: Record<Variant, readonly [string, string, string]> = {
  brand: ['v12', 'v13', 'v14'],
  agency: ['v1', 'v2', 'v3'],
  partner: ['v14', 'v15', 'v16'],
}

/** Display names of the demo users, as the primary-contact picker lists them. */
export const DEMO_USER_NAMES: Record<Variant, Record<DemoRole, string>> = {
  brand: { admin: 'Alex Morgan', impl: 'Priya Raman', analyst: 'Sam Lee' },
  agency: { admin: 'Jordan Blake', impl: 'Wei Zhang', analyst: 'Maria Garcia' },
  partner: { admin: 'Taylor Quinn', impl: 'Li Na', analyst: 'Chris Okafor' },
}

/** The parts a demo token plays in the tests; each account has its own integrations in them. */
export interface DemoTokenNames {
  /** The only one whose name contains "report" among those the name-search test compares. */
  createdToday: string
  createdTwoDaysAgo: string
  /** Disabled, and may read the account (GET /Account), so a copy's credentials can be tried. */
  disabledSixDaysAgo: string
  createdTwelveDaysAgo: string
  onPreviousVersion: string
  createdTwentyEightDaysAgo: string
  createdFortyFiveDaysAgo: string
  createdLongAgo: string
  /** Disabled and more than 30 days old. */
  disabledLongAgo: string
  /** The oldest modern token: the last card of the list. */
  oldest: string
  /** May manage tokens and read the account (GET /Account). */
  rotationBot: string
  /** Enabled, created 75 days ago and never used: the unused-token policy's preview lists it. */
  neverUsed: string
  /** Enabled, last used 50 days ago: listed by the unused-token preview at 30 days. */
  idleFiftyDays: string
}

/** Scoped tokens each demo account starts with (packages/core/src/server/demo/demo-accounts.ts). */
export const DEMO_TOKENS: Record<Variant, DemoTokenNames> = {
  brand: {
    createdToday: 'Nightly reporting export',
    createdTwoDaysAgo: 'Order sync (Shopify)',
    disabledSixDaysAgo: 'Finance invoice import',
    createdTwelveDaysAgo: 'CRM contact bridge',
    onPreviousVersion: 'Tracking link generator',
    createdTwentyEightDaysAgo: 'BI dashboard (read-only)',
    createdFortyFiveDaysAgo: 'Promo code manager',
    createdLongAgo: 'Catalog feed uploader',
    disabledLongAgo: 'ETL migration (old warehouse)',
    oldest: 'Reconciliation script',
    rotationBot: 'Token rotation bot',
    neverUsed: 'Affiliate onboarding sandbox',
    idleFiftyDays: 'Spring campaign importer',
  },
  agency: {
    createdToday: 'Client weekly report pack',
    createdTwoDaysAgo: 'Publisher recruitment pipeline',
    disabledSixDaysAgo: 'Commission approval queue',
    createdTwelveDaysAgo: 'Client contact sync',
    onPreviousVersion: 'Media plan ad sync',
    createdTwentyEightDaysAgo: 'Agency billing export',
    createdFortyFiveDaysAgo: 'Scheduled job runner',
    createdLongAgo: 'Fraud click monitor',
    disabledLongAgo: 'Old client portal bridge',
    oldest: 'Old client portal bridge',
    rotationBot: 'Access review automation',
    neverUsed: 'Pitch deck data pull',
    idleFiftyDays: 'Seasonal spend tracker',
  },
  partner: {
    createdToday: 'Commission report dashboard',
    createdTwoDaysAgo: 'Newsletter deal feed',
    disabledSixDaysAgo: 'Payout reconciliation',
    createdTwelveDaysAgo: 'WordPress link builder',
    onPreviousVersion: 'Product widget feed',
    createdTwentyEightDaysAgo: 'Contract watcher',
    createdFortyFiveDaysAgo: 'Click analytics warehouse',
    createdLongAgo: 'Banner refresh job',
    disabledLongAgo: 'Coupon site sync (old CMS)',
    oldest: 'Coupon site sync (old CMS)',
    rotationBot: 'Credential hygiene bot',
    neverUsed: 'Comparison site prototype',
    idleFiftyDays: 'Summer sale widget',
  },
}
