import type { Language } from './variants'

/**
 * The labels the tests look for, written out literally per language. The Chinese terms of the
 * Chinese help-centre article (shared/seeds/004, marked "seed") are NOT read from
 * locales/zh-CN.json: changing one of them in the catalog makes a test fail.
 */
export interface Labels {
  // Sign-in page
  email: string
  password: string
  signIn: string
  // Shells and settings (PRODUCT §2)
  userProfile: string
  mainNavigation: string
  menu: string
  settings: string
  accountColumn: string
  technical: string
  apiPageBrandPartner: string
  apiPageAgency: string
  noAccessTitle: string
  language: string
  /** The language's own name, as the switcher lists it. */
  languageName: string
  // API page
  createAccessToken: string
  enableLegacyTokens: string
  legacyAccountTokens: string
  more: string
  searchByName: string
  createdOn: string
  createdLast7Days: string
  createdLast30Days: string
  createdMoreThan30Days: string
  state: string
  stateEnabled: string
  stateDisabled: string
  clearAll: string
  noMatchingTokens: string
  // Legacy tokens
  resetReadWrite: string
  resetReadOnly: string
  confirmReset: string
  overview: string
  apiCredentials: string
  readWrite: string
  readOnly: string
  accountSid: string
  authToken: string
  apiVersion: string
  copyAccountSid: string
  copyAuthToken: string
  copied: string
  // Modern tokens
  duplicate: string
  upgradeVersion: string
  confirmUpgrade: string
  disable: string
  confirmDisable: string
  enable: string
  delete: string
  confirmDelete: string
  stepSetup: string
  stepContact: string
  stepScopes: string
  stepCreate: string
  tokenName: string
  description: string
  primaryContact: string
  accountCategory: string
  next: string
  create: string
  done: string
  /** The toast region (its accessible name starts with this). */
  notifications: string
  // Focus after actions, offline, keyboard (issue 19, items 2, 3 and 5)
  credentialsOf: (name: string) => string
  resetToken: string
  hideAuthToken: string
  loadMore: string
  tokensHeading: string
  retry: string
  networkUnavailable: string
  pageNotOpened: string
  pageOffline: string
  languageUnavailableOffline: string
  languageNotSavedOffline: string
  upgradeTo: (version: string) => string
  partNotLoaded: string
  // Token and legacy pages: section menus, actions, guidance (issue 11)
  tokenSections: string
  legacySections: string
  /** A card's figure: requests in the last 7 days. */
  requests7d: string
  /** The compact section drop-down of narrow screens. */
  section: string
  lastUsed: string
  neverUsed: string
  showAuthToken: string
  auditTrail: string
  reset: string
  confirmDuplicate: string
  enableCopy: string
  integrationsPortal: string
  keepTokensSecure: string
  backTo: (page: string) => string
  deletedToast: (name: string) => string
  legacyNotEnabledOn: (page: string) => string
  // Expiry, renewal and rotation (issue 15)
  stateExpired: string
  expiry: string
  expiry30Days: string
  expiry90Days: string
  renew: string
  rotateAuthToken: string
  rotateMenu: string
  overlap: string
  overlap6Hours: string
  endWhenTrafficConfirms: string
  quietPeriod: string
  quiet30Minutes: string
  confirmRotate: string
  rotationInProgress: string
  oldAuthTokenLastUsed: string
  retireOldNow: string
  /** A card's expiry line for a token created with a 30-day expiry. */
  cardExpiresIn30Days: string
  /** The Overview's expiry note after a 30-day expiry, then after renewing for 90 days. */
  overviewExpiresIn30Days: string
  overviewExpiresIn3Months: string
  newAuthTokenFor: (name: string) => string
  rotationEndedFor: (name: string) => string
  expiryNone: string
  expiryCustom: string
  tokenPolicies: string
  requireExpiry: string
  maxLifetime: string
  savePolicies: string
  policiesSaved: string
  /** The wizard's hint under Expiry once the policy requires one within 60 days. */
  policyRequires60Days: string
  disableUnusedFor: string
  unused30Days: string
  unused365Days: string
  previewUnused: string
  /** The preview's heading for the demo account's two forgotten tokens at 30 days. */
  twoWouldBeDisabled: string
  noneUnusedFor365Days: string
  // Leaked credentials (issue 16)
  leaked: string
  leakBannerTitle: string
  leakDisabledAtOnce: string
  resetNow: string
  markAsHandled: string
  newCredentialsFor: (name: string) => string
  legacyLeakBannerTitle: (access: string) => string
  leakResetDone: string
  newLegacyCredentialsFor: (access: string) => string
  checkCredential: string
  check: string
  checkThisAccount: string
  checkNotYours: string
  checkUnknown: string
  // Dialogs and the scope step (issue 19)
  cancel: string
  update: string
  apiTokensCategory: string
  scopesRequired: string
  /** A category's count of selected scopes, as its row shows it. */
  categoryCount: (selected: number, total: number) => string
}

export const LABELS: Record<Language, Labels> = {
  en: {
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    userProfile: 'User profile',
    mainNavigation: 'Main navigation',
    menu: 'Menu',
    settings: 'Settings',
    accountColumn: 'Account',
    technical: 'Technical',
    apiPageBrandPartner: 'API',
    apiPageAgency: 'Platform REST Web Services',
    noAccessTitle: 'No access',
    language: 'Language',
    languageName: 'English',
    createAccessToken: 'Create Access Token',
    enableLegacyTokens: 'Enable Legacy Tokens',
    legacyAccountTokens: 'Legacy Account Tokens',
    more: 'More',
    searchByName: 'Search by Name',
    createdOn: 'Created On',
    createdLast7Days: 'Last 7 days',
    createdLast30Days: 'Last 30 days',
    createdMoreThan30Days: 'More than 30 days',
    state: 'State',
    stateEnabled: 'Enabled',
    stateDisabled: 'Disabled',
    clearAll: 'Clear All',
    noMatchingTokens: 'No tokens match these filters.',
    resetReadWrite: 'Reset (Read/Write)',
    resetReadOnly: 'Reset (Read-Only)',
    confirmReset: 'Reset',
    overview: 'Overview',
    apiCredentials: 'API Credentials',
    readWrite: 'Read/Write',
    readOnly: 'Read-Only',
    accountSid: 'Account SID',
    authToken: 'Auth Token',
    apiVersion: 'API Version',
    copyAccountSid: 'Copy Account SID',
    copyAuthToken: 'Copy Auth Token',
    copied: 'Copied',
    duplicate: 'Duplicate',
    upgradeVersion: 'Upgrade Version',
    confirmUpgrade: 'Upgrade',
    disable: 'Disable',
    confirmDisable: 'Disable',
    enable: 'Enable',
    delete: 'Delete',
    confirmDelete: 'Delete',
    stepSetup: 'Setup',
    stepContact: 'Contact Information',
    stepScopes: 'API Scopes',
    stepCreate: 'Create',
    tokenName: 'Token Name',
    description: 'Description',
    primaryContact: 'Primary Contact',
    accountCategory: 'Account',
    next: 'Next',
    create: 'Create',
    done: 'Done',
    notifications: 'Notifications',
    credentialsOf: (name) => `Credentials of “${name}”`,
    resetToken: 'Reset Token',
    hideAuthToken: 'Hide Auth Token',
    loadMore: 'Load more',
    tokensHeading: 'Access tokens',
    retry: 'Retry',
    networkUnavailable: 'The server cannot be reached. Check your connection and try again.',
    pageNotOpened: 'This page could not be opened',
    pageOffline:
      'You appear to be offline, so the page could not be downloaded. Check your connection, then retry.',
    languageUnavailableOffline:
      '简体中文 could not be loaded: you appear to be offline. The console stays in English; choose 简体中文 again once you are connected.',
    languageNotSavedOffline:
      'The language is shown here, but it could not be saved to your profile. The server cannot be reached. Check your connection and try again.',
    upgradeTo: (version) => `Upgrade to ${version}`,
    partNotLoaded: 'This part of the page could not be loaded',
    tokenSections: 'Token sections',
    legacySections: 'Legacy token sections',
    requests7d: 'Requests (7 days)',
    section: 'Section',
    lastUsed: 'Last used',
    neverUsed: 'Never',
    showAuthToken: 'Show Auth Token',
    auditTrail: 'audit trail',
    reset: 'Reset',
    confirmDuplicate: 'Duplicate',
    enableCopy: 'Enable the copy',
    integrationsPortal: 'Open the Integrations Portal',
    keepTokensSecure: 'Keep your tokens secure',
    backTo: (page) => `Back to ${page}`,
    deletedToast: (name) => `“${name}” was deleted.`,
    legacyNotEnabledOn: (page) => `Enable them on the ${page} page`,
    stateExpired: 'Expired',
    expiry: 'Expiry',
    expiry30Days: '30 days',
    expiry90Days: '90 days',
    renew: 'Renew',
    rotateAuthToken: 'Rotate auth token',
    rotateMenu: 'Rotate…',
    overlap: 'Overlap',
    overlap6Hours: '6 hours',
    endWhenTrafficConfirms: 'End when traffic confirms',
    quietPeriod: 'Quiet period',
    quiet30Minutes: '30 minutes',
    confirmRotate: 'Rotate',
    rotationInProgress: 'Rotation in progress',
    oldAuthTokenLastUsed: 'Old auth token last used',
    retireOldNow: 'Retire old now',
    cardExpiresIn30Days: 'Expires in 30 days',
    overviewExpiresIn30Days: 'Expires in 30 days.',
    overviewExpiresIn3Months: 'Expires in 3 months.',
    newAuthTokenFor: (name) => `New auth token for “${name}”`,
    rotationEndedFor: (name) => `Rotation of “${name}” completed: only the new auth token works now.`,
    expiryNone: 'No expiry',
    expiryCustom: 'Custom date',
    tokenPolicies: 'Token policies',
    requireExpiry: 'Require an expiry on new tokens',
    maxLifetime: 'Maximum lifetime (days)',
    savePolicies: 'Save policies',
    policiesSaved: 'Token policies saved.',
    policyRequires60Days: "This account's policy requires an expiry within 60 days.",
    disableUnusedFor: 'Disable tokens unused for',
    unused30Days: '30 days',
    unused365Days: '365 days',
    previewUnused: 'Preview',
    twoWouldBeDisabled: '2 tokens would be disabled now, unused for 30 days or more:',
    noneUnusedFor365Days: 'No token has gone unused for 365 days: none would be disabled now.',
    leaked: 'Leaked',
    leakBannerTitle: 'This auth token was found in public',
    leakDisabledAtOnce: 'Disabled at once',
    resetNow: 'Reset now',
    markAsHandled: 'Mark as handled',
    newCredentialsFor: (name) => `New credentials for “${name}”`,
    legacyLeakBannerTitle: (access) => `The legacy ${access} auth token was found in public`,
    leakResetDone: 'Reset: a new auth token was issued',
    newLegacyCredentialsFor: (access) => `New ${access} legacy credentials`,
    checkCredential: 'Check a credential',
    check: 'Check',
    checkThisAccount: "This is the auth token of one of this account's tokens",
    checkNotYours: 'This is not one of your tokens',
    checkUnknown: 'This is not an auth token we issued',
    cancel: 'Cancel',
    update: 'Update',
    apiTokensCategory: 'API Tokens',
    scopesRequired: 'Choose at least one scope.',
    categoryCount: (selected, total) => `${selected} of ${total}`,
  },
  'zh-CN': {
    email: '电子邮件',
    password: '密码',
    signIn: '登录',
    userProfile: '用户资料', // seed
    mainNavigation: '主导航',
    menu: '菜单',
    settings: '设置', // seed
    accountColumn: '账户',
    technical: '技术', // seed
    apiPageBrandPartner: 'API', // seed
    apiPageAgency: '平台 REST Web 服务',
    noAccessTitle: '无访问权限',
    language: '语言',
    languageName: '简体中文',
    createAccessToken: '创建访问令牌',
    enableLegacyTokens: '启用旧版令牌', // seed
    legacyAccountTokens: '旧版账户令牌', // seed
    more: '更多', // seed (【更多】)
    searchByName: '按名称搜索',
    createdOn: '创建时间',
    createdLast7Days: '最近 7 天',
    createdLast30Days: '最近 30 天',
    createdMoreThan30Days: '超过 30 天',
    state: '状态',
    stateEnabled: '已启用',
    stateDisabled: '已禁用',
    clearAll: '全部清除',
    noMatchingTokens: '没有符合这些筛选条件的令牌。',
    resetReadWrite: '重置（读/写）', // seed
    resetReadOnly: '重置（只读）', // seed
    confirmReset: '重置',
    overview: '概览', // seed
    apiCredentials: 'API 凭证', // seed
    readWrite: '读/写',
    readOnly: '只读',
    accountSid: '账户 SID', // seed
    authToken: '身份验证令牌', // seed
    apiVersion: 'API 版本', // seed
    copyAccountSid: '复制账户 SID',
    copyAuthToken: '复制身份验证令牌',
    copied: '已复制',
    duplicate: '创建副本',
    upgradeVersion: '升级版本',
    confirmUpgrade: '升级',
    disable: '禁用',
    confirmDisable: '禁用',
    enable: '启用',
    delete: '删除',
    confirmDelete: '删除',
    stepSetup: '基本设置',
    stepContact: '联系信息',
    stepScopes: 'API 范围',
    stepCreate: '创建',
    tokenName: '令牌名称',
    description: '描述',
    primaryContact: '主要联系人',
    accountCategory: '账户',
    next: '下一步',
    create: '创建',
    done: '完成',
    notifications: '通知',
    credentialsOf: (name) => `“${name}”的凭证`,
    resetToken: '重置令牌',
    hideAuthToken: '隐藏身份验证令牌',
    loadMore: '加载更多',
    tokensHeading: '访问令牌',
    retry: '重试',
    networkUnavailable: '无法连接到服务器。请检查网络连接后重试。',
    pageNotOpened: '无法打开此页面',
    pageOffline: '您似乎处于离线状态，因此无法下载此页面。请检查网络连接，然后重试。',
    // Loading Chinese can only fail while the console is in English (English ships with it).
    languageUnavailableOffline:
      '简体中文 could not be loaded: you appear to be offline. The console stays in English; choose 简体中文 again once you are connected.',
    languageNotSavedOffline:
      '已在此处显示该语言，但无法保存到您的个人资料。无法连接到服务器。请检查网络连接后重试。',
    upgradeTo: (version) => `升级到 ${version}`,
    partNotLoaded: '无法加载页面的这一部分',
    tokenSections: '令牌分区',
    legacySections: '旧版令牌分区',
    requests7d: '请求数（7 天）',
    section: '分区',
    lastUsed: '上次使用',
    neverUsed: '从未',
    showAuthToken: '显示身份验证令牌',
    auditTrail: '审计跟踪',
    reset: '重置',
    confirmDuplicate: '创建副本',
    enableCopy: '启用副本',
    integrationsPortal: '打开集成门户', // seed (集成门户)
    keepTokensSecure: '保护您的访问令牌安全', // seed
    backTo: (page) => `返回 ${page}`,
    deletedToast: (name) => `已删除“${name}”。`,
    legacyNotEnabledOn: (page) => `请在“${page}”页面上启用旧版令牌`,
    stateExpired: '已过期',
    expiry: '过期时间',
    expiry30Days: '30 天',
    expiry90Days: '90 天',
    renew: '续期',
    rotateAuthToken: '轮换身份验证令牌', // seed term: 身份验证令牌
    rotateMenu: '轮换…',
    overlap: '重叠期',
    overlap6Hours: '6小时',
    endWhenTrafficConfirms: '流量确认后结束',
    quietPeriod: '静默期',
    quiet30Minutes: '30分钟',
    confirmRotate: '轮换',
    rotationInProgress: '轮换进行中',
    oldAuthTokenLastUsed: '旧身份验证令牌上次使用',
    retireOldNow: '立即停用旧令牌',
    cardExpiresIn30Days: '30天后过期',
    overviewExpiresIn30Days: '30天后过期。',
    overviewExpiresIn3Months: '3个月后过期。',
    newAuthTokenFor: (name) => `“${name}”的新身份验证令牌`,
    rotationEndedFor: (name) => `“${name}”的轮换已完成：现在只有新的身份验证令牌有效。`,
    expiryNone: '不过期',
    expiryCustom: '自定义日期',
    tokenPolicies: '令牌策略',
    requireExpiry: '新令牌必须设置过期时间',
    maxLifetime: '最长有效期（天）',
    savePolicies: '保存策略',
    policiesSaved: '令牌策略已保存。',
    policyRequires60Days: '此账户的策略要求在 60 天内过期。',
    disableUnusedFor: '禁用未使用达以下时长的令牌',
    unused30Days: '30 天',
    unused365Days: '365 天',
    previewUnused: '预览',
    twoWouldBeDisabled: '现在将禁用 2 个令牌，它们已 30 天或更久未使用：',
    noneUnusedFor365Days: '没有令牌已 365 天未使用：现在不会禁用任何令牌。',
    leaked: '已泄露',
    leakBannerTitle: '此身份验证令牌已在公开位置被发现',
    leakDisabledAtOnce: '已立即禁用',
    resetNow: '立即重置',
    markAsHandled: '标记为已处理',
    newCredentialsFor: (name) => `“${name}”的新凭证`,
    legacyLeakBannerTitle: (access) => `旧版${access}身份验证令牌已在公开位置被发现`,
    leakResetDone: '已重置：已签发新的身份验证令牌',
    newLegacyCredentialsFor: (access) => `新的${access}旧版凭证`,
    checkCredential: '检查凭证',
    check: '检查',
    checkThisAccount: '这是本账户某个令牌的身份验证令牌',
    checkNotYours: '这不是您的令牌',
    checkUnknown: '这不是我们签发的身份验证令牌',
    cancel: '取消',
    update: '更新',
    apiTokensCategory: 'API 令牌',
    scopesRequired: '请至少选择一个范围。',
    categoryCount: (selected, total) => `${selected} / ${total}`,
  },
}
