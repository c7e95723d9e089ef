// A part of a catalog (catalog-parts.ts), cut and compiled by vite.config.ts: nested messages.
declare module '@tokens/locales/*.json?part=first' {
  const messages: Record<string, unknown>
  export default messages
}
declare module '@tokens/locales/*.json?part=later' {
  const messages: Record<string, unknown>
  export default messages
}
