/**
 * What of a webhook's URL the audit trail may hold: its origin (scheme, host and port), never its
 * path, query, fragment or user-info. Incoming-webhook URLs carry their secret there (Slack's and
 * Discord's in the path, others a token in the query), and the trail is read by every account
 * user, exported as CSV and served to tokens holding nothing but audit read. Null for a value that
 * is not an http(s) URL: nothing of it is known to be safe to show.
 */
export function auditedWebhookUrlOf(url: string): string | null {
  if (!URL.canParse(url)) return null
  const { protocol, origin } = new URL(url)
  return protocol === 'https:' || protocol === 'http:' ? origin : null
}
