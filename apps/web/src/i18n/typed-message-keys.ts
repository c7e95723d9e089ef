import type { MessageCatalog } from './locale-messages'

// The catalog's shape as vue-i18n's message schema: editors complete keys in t() and show each
// message. Keys that do not exist are refused by lint (@intlify/vue-i18n/no-missing-keys).
declare module 'vue-i18n' {
  // An interface, not a type alias: only an interface merges into vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageCatalog {}
}
