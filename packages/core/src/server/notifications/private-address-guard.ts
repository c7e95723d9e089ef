import { BlockList, isIPv4, isIPv6 } from 'node:net'

/**
 * Addresses a webhook must not reach (SSRF): "this" network, loopback, private (RFC 1918),
 * CGNAT, link-local (the 169.254.169.254 metadata service included), IETF protocol assignments,
 * benchmarking, multicast and reserved; IPv6 unspecified, loopback, discard-only, the local-use
 * NAT64 prefix (RFC 8215: an operator's own translator into its own networks), deprecated
 * site-local, unique-local, link-local and multicast; and every IPv6 form that carries an IPv4
 * address (mapped, compatible, translated, NAT64, 6to4, Teredo, ISATAP), whose embedded address is
 * checked too.
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
  ['100::', 64],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  REFUSED.addSubnet(network, prefix, 'ipv6')
}

/**
 * IPv6 forms that carry an IPv4 address, which a stack, translator or relay may deliver to it: by
 * the groups they hold from a given group on (from the first unless said), the group where the
 * IPv4 address's two groups begin, and whether they are inverted there (Teredo obscures its
 * client's address so that NATs leave it alone).
 */
const IPV4_CARRIERS: readonly { match: readonly number[]; from?: number; at: number; inverted?: true }[] = [
  { match: [0, 0, 0, 0, 0, 0], at: 6 }, // IPv4-compatible ::a.b.c.d (deprecated)
  { match: [0, 0, 0, 0, 0, 0xffff], at: 6 }, // IPv4-mapped ::ffff:a.b.c.d
  { match: [0, 0, 0, 0, 0xffff, 0], at: 6 }, // IPv4-translated ::ffff:0:a.b.c.d (SIIT)
  { match: [0x64, 0xff9b, 0, 0, 0, 0], at: 6 }, // NAT64 64:ff9b::a.b.c.d
  { match: [0x2002], at: 1 }, // 6to4 2002:aabb:ccdd::
  // Teredo 2001:0:server:flags:port:client, relayed over UDP to both addresses.
  { match: [0x2001, 0], at: 2 },
  { match: [0x2001, 0], at: 6, inverted: true },
  // ISATAP (RFC 5214) under any /64: the interface identifier 0:5efe:a.b.c.d, or 200:5efe:a.b.c.d
  // when the IPv4 address is global; its router tunnels to that address.
  { match: [0, 0x5efe], from: 4, at: 6 },
  { match: [0x200, 0x5efe], from: 4, at: 6 },
]

/** The eight 16-bit groups of an address isIPv6 accepted (a dotted IPv4 tail is its last two). */
function hextetsOf(address: string): number[] {
  const hex = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [Number(a) * 256 + Number(b), Number(c) * 256 + Number(d)].map((group) => group.toString(16)).join(':'),
  )
  const groupsOf = (part: string | undefined) => (part === undefined || part === '' ? [] : part.split(':'))
  const [head, tail] = hex.split('::').map(groupsOf) as [string[], string[] | undefined]
  // `::` stands for as many zero groups as the eight lack.
  const zeros = tail === undefined ? [] : Array<string>(8 - head.length - tail.length).fill('0')
  return [...head, ...zeros, ...(tail ?? [])].map((group) => Number.parseInt(group, 16))
}

/** The IPv4 addresses an IPv6 address carries (IPV4_CARRIERS): none, one, or more (Teredo's two). */
function embeddedIPv4s(address: string): string[] {
  const groups = hextetsOf(address)
  return IPV4_CARRIERS.filter(({ match, from = 0 }) =>
    match.every((value, i) => groups[from + i] === value),
  ).map(({ at, inverted }) => {
    const mask = inverted ? 0xffff : 0
    const high = (groups[at] ?? 0) ^ mask
    const low = (groups[at + 1] ?? 0) ^ mask
    return [high >> 8, high & 255, low >> 8, low & 255].join('.')
  })
}

/** Whether a resolved address is one a webhook may not reach. Anything not an IP address is refused. */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (isIPv4(bare)) return REFUSED.check(bare, 'ipv4')
  if (!isIPv6(bare)) return true
  if (embeddedIPv4s(bare).some((inner) => isIPv4(inner) && REFUSED.check(inner, 'ipv4'))) return true
  return REFUSED.check(bare, 'ipv6')
}
