import type { Language } from './variants'

/**
 * The labels the tests look for, written out literally per language. The Chinese terms are those of
 * the Chinese help-centre article (shared/seeds/004): they are NOT read from locales/zh-CN.json, so
 * changing a label in the catalog makes a test fail.
 */
export interface Labels {
  userProfile: string
  menu: string
  settings: string
  technical: string
  apiPageBrandPartner: string
  apiPageAgency: string
  enableLegacyTokens: string
  legacyAccountTokens: string
  more: string
  resetReadWrite: string
  resetReadOnly: string
  overview: string
  apiCredentials: string
  accountSid: string
  authToken: string
  apiVersion: string
}

export const LABELS: Record<Language, Labels> = {
  en: {
    userProfile: 'User profile',
    menu: 'Menu',
    settings: 'Settings',
    technical: 'Technical',
    apiPageBrandPartner: 'API',
    apiPageAgency: 'Platform REST Web Services',
    enableLegacyTokens: 'Enable Legacy Tokens',
    legacyAccountTokens: 'Legacy Account Tokens',
    more: 'More',
    resetReadWrite: 'Reset (Read/Write)',
    resetReadOnly: 'Reset (Read-Only)',
    overview: 'Overview',
    apiCredentials: 'API Credentials',
    accountSid: 'Account SID',
    authToken: 'Auth Token',
    apiVersion: 'API Version',
  },
  'zh-CN': {
    userProfile: '用户资料',
    menu: '菜单',
    settings: '设置',
    technical: '技术',
    apiPageBrandPartner: 'API',
    apiPageAgency: '平台 REST Web 服务',
    enableLegacyTokens: '启用旧版令牌',
    legacyAccountTokens: '旧版账户令牌',
    more: '更多',
    resetReadWrite: '重置（读/写）',
    resetReadOnly: '重置（只读）',
    overview: '概览',
    apiCredentials: 'API 凭证',
    accountSid: '账户 SID',
    authToken: '身份验证令牌',
    apiVersion: 'API 版本',
  },
}
