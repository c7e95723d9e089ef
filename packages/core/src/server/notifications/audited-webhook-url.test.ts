import { describe, expect, it } from 'vitest'
import { auditedWebhookUrlOf } from './audited-webhook-url.js'

describe('auditedWebhookUrlOf', () => {
  it.each([
    [
      'a Slack incoming webhook',
      'https://hooks.slack.com/services/T0001/B0001/XXXXsecretXXXX',
      'https://hooks.slack.com',
    ],
    ['a Discord webhook', 'https://discord.com/api/webhooks/123456/secret-token', 'https://discord.com'],
    ['a token in the query', 'https://example.test/hook?token=secret&x=1', 'https://example.test'],
    ['a fragment', 'https://example.test/#secret', 'https://example.test'],
    ['a port', 'https://example.test:8443/in/secret', 'https://example.test:8443'],
    ['the default port', 'https://example.test:443/in', 'https://example.test'],
    ['http with a port', 'http://127.0.0.1:3000/secret', 'http://127.0.0.1:3000'],
    ['an IPv6 address', 'https://[2001:db8::1]:8443/secret', 'https://[2001:db8::1]:8443'],
    ['user-info', 'https://user:secret@example.test/in', 'https://example.test'],
    ['a name in capitals', 'HTTPS://Hooks.Example.TEST/in', 'https://hooks.example.test'],
  ])('keeps only the origin of %s', (_case, url, shown) => {
    expect(auditedWebhookUrlOf(url)).toBe(shown)
  })

  it.each([
    ['text that is no URL', 'hooks.slack.com/services/secret'],
    ['another scheme', 'ftp://example.test/secret'],
    ['a scheme without an origin', 'javascript:alert(1)'],
  ])('shows nothing of %s', (_case, value) => {
    expect(auditedWebhookUrlOf(value)).toBeNull()
  })
})
