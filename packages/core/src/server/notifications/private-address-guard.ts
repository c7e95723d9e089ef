import { BlockList, isIPv4, isIPv6 } from 'node:net'

/**
 * Addresses a webhook must not reach (SSRF): "this" network, loopback, private (RFC 1918),
 * CGNAT, link-local (the 169.254.169.254 metadata service included), IETF protocol assignments,
 * benchmarking, multicast and reserved; IPv6 unspecified, loopback, unique-local, link-local,
 * multicast, and the NAT64 / IPv4-mapped forms, whose embedded IPv4 address is checked too.
 */
const REFUSED = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  REFUSED.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  REFUSED.addSubnet(network, prefix, 'ipv6')
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::) IPv6 address. */
function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase()
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (dotted) return dotted[1]
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower)
  if (!hex) return undefined
  const high = Number.parseInt(hex[1] as string, 16)
  const low = Number.parseInt(hex[2] as string, 16)
  return [high >> 8, high & 255, low >> 8, low & 255].join('.')
}

/** Whether a resolved address is one a webhook may not reach. Anything not an IP address is refused. */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (isIPv4(bare)) return REFUSED.check(bare, 'ipv4')
  if (!isIPv6(bare)) return true
  const inner = embeddedIPv4(bare)
  if (inner !== undefined && isIPv4(inner) && REFUSED.check(inner, 'ipv4')) return true
  return REFUSED.check(bare, 'ipv6')
}
