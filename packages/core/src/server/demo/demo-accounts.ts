import type { AccountKind } from '../../accounts/account-kinds.js'
import type { Role } from '../../access/roles.js'
import type { LegacyAccess } from '../../legacy/legacy-scopes.js'

/** The demo logins of DESIGN.md "Running": always these, password `demo-password`. */
export const DEMO_PASSWORD = 'demo-password'

/** When a demo token was created: days before "now", or a fixed date (kept more than 30 days old). */
export type DemoAge = { daysAgo: number } | { on: string }

export interface DemoToken {
  name: string
  description: string
  age: DemoAge
  /** Minutes before "now" of the last authenticated call (never earlier than creation); null: never used. */
  lastUsedMinutesAgo: number | null
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

export interface DemoAccount {
  kind: AccountKind
  name: string
  /** Legacy tokens enabled, with each credential's last use in minutes before "now"; null: not enabled. */
  legacy: Record<LegacyAccess, number | null> | null
  developerDomain: string
  users: ReadonlyArray<{ email: string; name: string; role: Role }>
  /**
   * The account's own integrations, named for what such an account runs. Modern tokens are all
   * created after the articles' April 2025 cut-over; what came before is the legacy card.
   */
  tokens: readonly DemoToken[]
}

const HOUR = 60
const DAY = 24 * HOUR

const ACME_TOKENS: readonly DemoToken[] = [
  {
    name: 'Nightly reporting export',
    description: "Pulls yesterday's performance reports into the data warehouse at 02:00 UTC.",
    age: { daysAgo: 0.2 },
    lastUsedMinutesAgo: 3 * HOUR,
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
    lastUsedMinutesAgo: 1,
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
    lastUsedMinutesAgo: 26 * HOUR,
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
    lastUsedMinutesAgo: 5 * DAY,
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
    lastUsedMinutesAgo: 14,
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
    lastUsedMinutesAgo: 2 * DAY + 5 * HOUR,
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
    lastUsedMinutesAgo: 42,
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
    lastUsedMinutesAgo: 9 * DAY,
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
    lastUsedMinutesAgo: 4 * HOUR + 10,
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
    age: { on: '2025-05-14T09:30:00.000Z' },
    lastUsedMinutesAgo: 64 * DAY,
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
    age: { on: '2025-04-22T15:10:00.000Z' },
    lastUsedMinutesAgo: 3 * DAY + 2 * HOUR,
    versionIndex: 0,
    categories: ['actions', 'action-inquiries', 'notes'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['finance-ops'],
  },
]

const NORTHWIND_TOKENS: readonly DemoToken[] = [
  {
    name: 'Client weekly report pack',
    description: "Builds each client's Monday performance pack from reports and clicks.",
    age: { daysAgo: 0.4 },
    lastUsedMinutesAgo: 2 * HOUR,
    versionIndex: 2,
    categories: ['reports', 'clicks'],
    readOnly: true,
    disabled: false,
    contact: 'impl',
    developers: ['insights'],
  },
  {
    name: 'Publisher recruitment pipeline',
    description: 'Adds approved publishers as partners and sends them the standard contract.',
    age: { daysAgo: 2 },
    lastUsedMinutesAgo: 7,
    versionIndex: 2,
    categories: ['partners', 'contracts'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: ['growth'],
  },
  {
    name: 'Access review automation',
    description: 'Lists client tokens and their audit events for the quarterly access review.',
    age: { daysAgo: 4 },
    lastUsedMinutesAgo: 20 * HOUR,
    versionIndex: 2,
    categories: ['api-tokens', 'audit-events', 'account'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: [],
  },
  {
    name: 'Commission approval queue',
    description:
      'Locks and approves actions after the client signs off; paused while the client renegotiates.',
    age: { daysAgo: 6 },
    lastUsedMinutesAgo: 4 * DAY,
    versionIndex: 1,
    categories: ['actions', 'action-inquiries', 'account'],
    readOnly: false,
    disabled: true,
    contact: 'impl',
    developers: ['finance-ops'],
  },
  {
    name: 'Client contact sync',
    description: 'Copies client-side contacts and meeting notes from the agency CRM.',
    age: { daysAgo: 12 },
    lastUsedMinutesAgo: 33,
    versionIndex: 2,
    categories: ['contacts', 'notes'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['crm'],
  },
  {
    name: 'Media plan ad sync',
    description: 'Publishes approved creatives from the media plan to client programs.',
    age: { daysAgo: 21 },
    lastUsedMinutesAgo: DAY + 3 * HOUR,
    versionIndex: 1,
    categories: ['ads', 'programs'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: ['studio'],
  },
  {
    name: 'Agency billing export',
    description: 'Reads client invoices for the agency fee calculation, read-only.',
    age: { daysAgo: 28 },
    lastUsedMinutesAgo: 6 * DAY,
    versionIndex: 2,
    categories: ['invoices', 'account'],
    readOnly: true,
    disabled: false,
    contact: 'impl',
    developers: [],
  },
  {
    name: 'Scheduled job runner',
    description: 'Starts and polls long-running export jobs for the clients.',
    age: { daysAgo: 45 },
    lastUsedMinutesAgo: 11,
    versionIndex: 0,
    categories: ['jobs'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: ['platform'],
  },
  {
    name: 'Fraud click monitor',
    description: 'Flags suspicious click patterns across client programs every 15 minutes.',
    age: { daysAgo: 120 },
    lastUsedMinutesAgo: 15,
    versionIndex: 1,
    categories: ['clicks', 'actions'],
    readOnly: true,
    disabled: false,
    contact: 'impl',
    developers: ['trust'],
  },
  {
    name: 'Old client portal bridge',
    description: 'The previous client portal; disabled since the move to the new portal.',
    age: { on: '2025-06-03T11:00:00.000Z' },
    lastUsedMinutesAgo: 71 * DAY,
    versionIndex: 0,
    categories: ['programs', 'reports'],
    readOnly: true,
    disabled: true,
    contact: 'admin',
    developers: [],
  },
]

const BLUE_HARBOR_TOKENS: readonly DemoToken[] = [
  {
    name: 'Commission report dashboard',
    description: 'Shows the editorial team yesterday’s commissions per article.',
    age: { daysAgo: 0.3 },
    lastUsedMinutesAgo: 18,
    versionIndex: 2,
    categories: ['reports', 'actions'],
    readOnly: true,
    disabled: false,
    contact: 'impl',
    developers: ['editorial-tools'],
  },
  {
    name: 'Newsletter deal feed',
    description: 'Fills the weekly newsletter with current deals and promo codes.',
    age: { daysAgo: 2 },
    lastUsedMinutesAgo: 9 * HOUR,
    versionIndex: 2,
    categories: ['deals', 'promo-codes'],
    readOnly: true,
    disabled: false,
    contact: 'admin',
    developers: ['newsletter'],
  },
  {
    name: 'Credential hygiene bot',
    description: 'Reviews the account’s tokens weekly and resets those older than 90 days.',
    age: { daysAgo: 3 },
    lastUsedMinutesAgo: 2 * DAY,
    versionIndex: 2,
    categories: ['api-tokens', 'audit-events', 'account'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: [],
  },
  {
    name: 'Payout reconciliation',
    description: 'Matches invoices to bank payouts; paused during the bank migration.',
    age: { daysAgo: 6 },
    lastUsedMinutesAgo: 5 * DAY,
    versionIndex: 1,
    categories: ['invoices', 'account'],
    readOnly: true,
    disabled: true,
    contact: 'impl',
    developers: ['finance'],
  },
  {
    name: 'WordPress link builder',
    description: 'Turns product mentions into tracking links as editors publish.',
    age: { daysAgo: 12 },
    lastUsedMinutesAgo: 2,
    versionIndex: 2,
    categories: ['tracking-links', 'programs'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['web'],
    rateLimitPerHour: 5_000,
  },
  {
    name: 'Product widget feed',
    description: 'Loads catalog items and ads for the shopping widgets.',
    age: { daysAgo: 20 },
    lastUsedMinutesAgo: 55,
    versionIndex: 1,
    categories: ['catalogs', 'ads'],
    readOnly: true,
    disabled: false,
    contact: 'admin',
    developers: ['web'],
  },
  {
    name: 'Contract watcher',
    description: 'Alerts the partnerships team when a program changes its contract terms.',
    age: { daysAgo: 28 },
    lastUsedMinutesAgo: 3 * HOUR,
    versionIndex: 2,
    categories: ['contracts'],
    readOnly: true,
    disabled: false,
    contact: 'impl',
    developers: ['partnerships'],
  },
  {
    name: 'Click analytics warehouse',
    description: 'Loads clicks and job results into the analytics warehouse nightly.',
    age: { daysAgo: 45 },
    lastUsedMinutesAgo: 21 * HOUR,
    versionIndex: 0,
    categories: ['clicks', 'jobs'],
    readOnly: false,
    disabled: false,
    contact: 'impl',
    developers: ['data'],
  },
  {
    name: 'Banner refresh job',
    description: 'Rotates seasonal banners on the home page from the programs’ ads.',
    age: { daysAgo: 120 },
    lastUsedMinutesAgo: 6 * HOUR,
    versionIndex: 1,
    categories: ['ads'],
    readOnly: false,
    disabled: false,
    contact: 'admin',
    developers: ['web'],
  },
  {
    name: 'Coupon site sync (old CMS)',
    description: 'Synced coupons to the retired coupon site; kept disabled for its history.',
    age: { on: '2025-04-28T08:45:00.000Z' },
    lastUsedMinutesAgo: 88 * DAY,
    versionIndex: 0,
    categories: ['promo-codes'],
    readOnly: false,
    disabled: true,
    contact: 'admin',
    developers: [],
  },
]

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    kind: 'brand',
    name: 'Acme Outdoor',
    legacy: null,
    developerDomain: 'acme-integrations.test',
    users: [
      { email: 'admin@acme.test', name: 'Alex Morgan', role: 'account_administrator' },
      { email: 'impl@acme.test', name: 'Priya Raman', role: 'implementation_specialist' },
      { email: 'analyst@acme.test', name: 'Sam Lee', role: 'analyst' },
    ],
    tokens: ACME_TOKENS,
  },
  {
    kind: 'agency',
    name: 'Northwind Agency',
    legacy: { read_write: 38, read_only: 3 * DAY + 4 * HOUR },
    developerDomain: 'northwind-dev.test',
    users: [
      { email: 'admin@northwind.test', name: 'Jordan Blake', role: 'account_administrator' },
      { email: 'impl@northwind.test', name: 'Wei Zhang', role: 'implementation_specialist' },
      { email: 'analyst@northwind.test', name: 'Maria Garcia', role: 'analyst' },
    ],
    tokens: NORTHWIND_TOKENS,
  },
  {
    kind: 'partner',
    name: 'Blue Harbor Media',
    legacy: null,
    developerDomain: 'blueharbor-labs.test',
    users: [
      { email: 'admin@blueharbor.test', name: 'Taylor Quinn', role: 'account_administrator' },
      { email: 'impl@blueharbor.test', name: 'Li Na', role: 'implementation_specialist' },
      { email: 'analyst@blueharbor.test', name: 'Chris Okafor', role: 'analyst' },
    ],
    tokens: BLUE_HARBOR_TOKENS,
  },
]
