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
