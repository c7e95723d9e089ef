import type { AccountKind } from '../../accounts/account-kinds.js'
import type { Role } from '../../access/roles.js'

/** The demo logins of DESIGN.md "Running": always these, password `demo-password`. */
export const DEMO_PASSWORD = 'demo-password'

export interface DemoAccount {
  kind: AccountKind
  name: string
  legacyEnabled: boolean
  developerDomain: string
  users: ReadonlyArray<{ email: string; name: string; role: Role }>
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    kind: 'brand',
    name: 'Acme Outdoor',
    legacyEnabled: false,
    developerDomain: 'acme-integrations.test',
    users: [
      { email: 'admin@acme.test', name: 'Alex Morgan', role: 'account_administrator' },
      { email: 'impl@acme.test', name: 'Priya Raman', role: 'implementation_specialist' },
      { email: 'analyst@acme.test', name: 'Sam Lee', role: 'analyst' },
    ],
  },
  {
    kind: 'agency',
    name: 'Northwind Agency',
    legacyEnabled: true,
    developerDomain: 'northwind-dev.test',
    users: [
      { email: 'admin@northwind.test', name: 'Jordan Blake', role: 'account_administrator' },
      { email: 'impl@northwind.test', name: 'Wei Zhang', role: 'implementation_specialist' },
      { email: 'analyst@northwind.test', name: 'Maria Garcia', role: 'analyst' },
    ],
  },
  {
    kind: 'partner',
    name: 'Blue Harbor Media',
    legacyEnabled: false,
    developerDomain: 'blueharbor-labs.test',
    users: [
      { email: 'admin@blueharbor.test', name: 'Taylor Quinn', role: 'account_administrator' },
      { email: 'impl@blueharbor.test', name: 'Li Na', role: 'implementation_specialist' },
      { email: 'analyst@blueharbor.test', name: 'Chris Okafor', role: 'analyst' },
    ],
  },
]

/** When a demo token was created: days before "now", or a fixed date (kept more than 30 days old). */
export type DemoAge = { daysAgo: number } | { on: string }

export interface DemoToken {
  name: string
  description: string
  age: DemoAge
  /** Position in the kind's version line: 0 oldest, 2 latest. */
  versionIndex: 0 | 1 | 2
  /** Category ids; categories the kind's catalog lacks are skipped. */
  categories: readonly string[]
  readOnly: boolean
  disabled: boolean
  contact: 'admin' | 'impl'
  developers: readonly string[]
  rateLimitPerHour?: number
}

export const DEMO_TOKENS: readonly DemoToken[] = [
  {
    name: 'Nightly reporting export',
    description: "Pulls yesterday's performance reports into the data warehouse at 02:00 UTC.",
    age: { daysAgo: 0.2 },
    versionIndex: 2,
    categories: ['reports'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['data-team'],
  },
  {
    name: 'Order sync (Shopify)',
    description: 'Sends storefront orders as conversions and actions within a minute of checkout.',
    age: { daysAgo: 2 },
    versionIndex: 2,
    categories: ['conversions', 'actions'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: ['shop-dev', 'oncall'],
    rateLimitPerHour: 20_000,
  },
  {
    name: 'Token rotation bot',
    description: 'Rotates integration credentials every 90 days and files the audit trail.',
    age: { daysAgo: 5 },
    versionIndex: 2,
    categories: ['api-tokens', 'audit-events', 'account'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: [],
  },
  {
    name: 'Finance invoice import',
    description: 'Reads invoices for the monthly close in the ERP.',
    age: { daysAgo: 6.5 },
    versionIndex: 1,
    categories: ['invoices', 'account'],
    readOnly: true,
    disabled: true,
    contact: 'impl',
    developers: ['erp-team'],
  },
  {
    name: 'CRM contact bridge',
    description: 'Keeps partner contacts and contracts in step with the CRM.',
    age: { daysAgo: 12 },
    versionIndex: 2,
    categories: ['contacts', 'partners', 'contracts'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['crm'],
  },
  {
    name: 'Tracking link generator',
    description: 'Creates tracking links for new campaigns from the planning sheet.',
    age: { daysAgo: 21 },
    versionIndex: 1,
    categories: ['tracking-links', 'programs'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: [],
  },
  {
    name: 'BI dashboard (read-only)',
    description: 'Looker dashboard: clicks, actions and reports, read-only.',
    age: { daysAgo: 28 },
    versionIndex: 2,
    categories: ['reports', 'clicks', 'actions'],
    readOnly: true,
    disabled: false,
    contact: 'impl',
    developers: ['bi'],
  },
  {
    name: 'Promo code manager',
    description: 'Publishes seasonal promo codes and deals.',
    age: { daysAgo: 45 },
    versionIndex: 0,
    categories: ['promo-codes', 'deals', 'programs'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: [],
  },
  {
    name: 'Catalog feed uploader',
    description: 'Uploads the product catalog feed every six hours.',
    age: { daysAgo: 120 },
    versionIndex: 1,
    categories: ['catalogs', 'ads'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['feeds'],
  },
  {
    name: 'ETL migration (old warehouse)',
    description: 'Replaced by the nightly export; kept disabled until the old warehouse is retired.',
    age: { on: '2025-02-14T09:30:00.000Z' },
    versionIndex: 0,
    categories: ['jobs', 'reports'],
    readOnly: true,
    disabled: true,
    contact: 'admin',
    developers: [],
  },
  {
    name: 'Reconciliation script',
    description: 'Weekly reconciliation of actions and action inquiries.',
    age: { on: '2024-11-04T15:10:00.000Z' },
    versionIndex: 0,
    categories: ['actions', 'action-inquiries', 'notes'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['finance-ops'],
  },
]
