import type { AccountKind } from '../accounts/account-kinds.js'
import type { HttpMethod } from './scope.js'

/**
 * The scope catalog as data. `since` is the position in the kind's version line (0 = oldest)
 * from which a category or endpoint exists; newer versions only ever add, so a token's scopes
 * stay valid across an upgrade.
 */
export interface EndpointSpec {
  path: string
  methods: readonly HttpMethod[]
  since?: number
}

export interface CategorySpec {
  id: string
  name: string
  since?: number
  endpoints: readonly EndpointSpec[]
}

const account: CategorySpec = {
  id: 'account',
  name: 'Account',
  endpoints: [{ path: '/Account', methods: ['GET'] }],
}

const apiTokens: CategorySpec = {
  id: 'api-tokens',
  name: 'API Tokens',
  endpoints: [
    { path: '/Tokens', methods: ['GET', 'POST'] },
    { path: '/Tokens/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
    { path: '/Tokens/{Id}/Reset', methods: ['POST'] },
    // Every kind's line has three versions: 2 is the latest of each (issue 14's platform usage).
    { path: '/Tokens/{Id}/Usage', methods: ['GET'], since: 2 },
  ],
}

const auditEvents: CategorySpec = {
  id: 'audit-events',
  name: 'Audit Events',
  endpoints: [{ path: '/AuditEvents', methods: ['GET'] }],
}

const actions: CategorySpec = {
  id: 'actions',
  name: 'Actions',
  endpoints: [
    { path: '/Actions', methods: ['GET', 'POST'] },
    { path: '/Actions/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
    { path: '/Actions/{Id}/Items', methods: ['GET'], since: 1 },
  ],
}

const actionInquiries: CategorySpec = {
  id: 'action-inquiries',
  name: 'Action Inquiries',
  endpoints: [
    { path: '/ActionInquiries', methods: ['GET', 'POST'] },
    { path: '/ActionInquiries/{Id}', methods: ['GET', 'PUT'] },
    { path: '/ActionInquiries/{Id}/Attachments', methods: ['GET', 'POST'], since: 2 },
  ],
}

const ads: CategorySpec = {
  id: 'ads',
  name: 'Ads',
  endpoints: [
    { path: '/Ads', methods: ['GET'] },
    { path: '/Ads/{Id}', methods: ['GET'] },
    { path: '/Ads/{Id}/Assets', methods: ['GET'], since: 1 },
  ],
}

const catalogs: CategorySpec = {
  id: 'catalogs',
  name: 'Catalogs',
  endpoints: [
    { path: '/Catalogs', methods: ['GET', 'POST'] },
    { path: '/Catalogs/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
    { path: '/Catalogs/{Id}/Items', methods: ['GET', 'PUT'], since: 1 },
  ],
}

const clicks: CategorySpec = {
  id: 'clicks',
  name: 'Clicks',
  endpoints: [
    { path: '/Clicks', methods: ['GET'] },
    { path: '/ClickExport', methods: ['POST'], since: 2 },
  ],
}

const contacts: CategorySpec = {
  id: 'contacts',
  name: 'Contacts',
  endpoints: [
    { path: '/Contacts', methods: ['GET', 'POST'] },
    { path: '/Contacts/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
  ],
}

const contracts: CategorySpec = {
  id: 'contracts',
  name: 'Contracts',
  endpoints: [
    { path: '/Contracts', methods: ['GET'] },
    { path: '/Contracts/{Id}', methods: ['GET'] },
    { path: '/Contracts/{Id}/Terms', methods: ['GET', 'PUT'], since: 1 },
  ],
}

const conversions: CategorySpec = {
  id: 'conversions',
  name: 'Conversions',
  endpoints: [
    { path: '/Conversions', methods: ['POST'] },
    { path: '/Conversions/{Id}', methods: ['GET'], since: 1 },
  ],
}

const deals: CategorySpec = {
  id: 'deals',
  name: 'Deals',
  since: 1,
  endpoints: [
    { path: '/Deals', methods: ['GET', 'POST'] },
    { path: '/Deals/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
  ],
}

const invoices: CategorySpec = {
  id: 'invoices',
  name: 'Invoices',
  endpoints: [
    { path: '/Invoices', methods: ['GET'] },
    { path: '/Invoices/{Id}', methods: ['GET'] },
    { path: '/Invoices/{Id}/Pdf', methods: ['GET'], since: 2 },
  ],
}

const jobs: CategorySpec = {
  id: 'jobs',
  name: 'Jobs',
  endpoints: [
    { path: '/Jobs', methods: ['GET'] },
    { path: '/Jobs/{Id}', methods: ['GET', 'DELETE'] },
    { path: '/Jobs/{Id}/Download', methods: ['GET'] },
  ],
}

const notes: CategorySpec = {
  id: 'notes',
  name: 'Notes',
  since: 2,
  endpoints: [
    { path: '/Notes', methods: ['GET', 'POST'] },
    { path: '/Notes/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
  ],
}

const partners: CategorySpec = {
  id: 'partners',
  name: 'Partners',
  endpoints: [
    { path: '/Partners', methods: ['GET'] },
    { path: '/Partners/{Id}', methods: ['GET', 'PUT'] },
  ],
}

const partnerGroups: CategorySpec = {
  id: 'partner-groups',
  name: 'Partner Groups',
  since: 1,
  endpoints: [
    { path: '/PartnerGroups', methods: ['GET', 'POST'] },
    { path: '/PartnerGroups/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
    { path: '/PartnerGroups/{Id}/Partners', methods: ['GET', 'POST'], since: 2 },
  ],
}

const programs: CategorySpec = {
  id: 'programs',
  name: 'Programs (Campaigns)',
  endpoints: [
    { path: '/Campaigns', methods: ['GET'] },
    { path: '/Campaigns/{Id}', methods: ['GET', 'PUT'] },
    { path: '/Campaigns/{Id}/Contracts', methods: ['GET'], since: 1 },
  ],
}

const promoCodes: CategorySpec = {
  id: 'promo-codes',
  name: 'Promo Codes',
  since: 1,
  endpoints: [
    { path: '/PromoCodes', methods: ['GET', 'POST'] },
    { path: '/PromoCodes/{Id}', methods: ['GET', 'PUT', 'DELETE'] },
  ],
}

const reports: CategorySpec = {
  id: 'reports',
  name: 'Reports',
  endpoints: [
    { path: '/Reports', methods: ['GET'] },
    { path: '/Reports/{Id}', methods: ['GET'] },
    { path: '/Reports/{Id}/Export', methods: ['POST'], since: 1 },
  ],
}

const trackingLinks: CategorySpec = {
  id: 'tracking-links',
  name: 'Tracking Links',
  endpoints: [
    { path: '/TrackingLinks', methods: ['GET', 'POST'] },
    { path: '/TrackingLinks/{Id}', methods: ['GET', 'DELETE'], since: 1 },
  ],
}

export const CATALOG_DATA: Record<AccountKind, readonly CategorySpec[]> = {
  brand: [
    account,
    apiTokens,
    auditEvents,
    actions,
    actionInquiries,
    ads,
    catalogs,
    clicks,
    contacts,
    contracts,
    conversions,
    deals,
    invoices,
    jobs,
    notes,
    partnerGroups,
    programs,
    promoCodes,
    reports,
    trackingLinks,
  ],
  partner: [
    account,
    apiTokens,
    auditEvents,
    actions,
    ads,
    catalogs,
    clicks,
    contracts,
    deals,
    invoices,
    jobs,
    programs,
    promoCodes,
    reports,
    trackingLinks,
  ],
  agency: [
    account,
    apiTokens,
    auditEvents,
    actions,
    actionInquiries,
    ads,
    clicks,
    contacts,
    contracts,
    invoices,
    jobs,
    notes,
    partners,
    programs,
    reports,
  ],
}
