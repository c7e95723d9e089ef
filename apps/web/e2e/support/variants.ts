/** The three navigation variants (PRODUCT §2) and their demo accounts (DESIGN "Running"). */
export const VARIANTS = ['brand', 'agency', 'partner'] as const
export type Variant = (typeof VARIANTS)[number]

export const LANGUAGES = ['en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

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

/** Scoped tokens every demo account starts with (same names in all three accounts). */
export const DEMO_TOKENS = {
  createdToday: 'Nightly reporting export',
  createdTwoDaysAgo: 'Order sync (Shopify)',
  disabledSixDaysAgo: 'Finance invoice import',
  createdTwelveDaysAgo: 'CRM contact bridge',
  onPreviousVersion: 'Tracking link generator',
  createdTwentyEightDaysAgo: 'BI dashboard (read-only)',
  createdFortyFiveDaysAgo: 'Promo code manager',
  createdLongAgo: 'Catalog feed uploader',
  disabledBeforeApril2025: 'ETL migration (old warehouse)',
  createdBeforeApril2025: 'Reconciliation script',
  rotationBot: 'Token rotation bot',
} as const

export const ALL_DEMO_TOKEN_NAMES: readonly string[] = Object.values(DEMO_TOKENS)
