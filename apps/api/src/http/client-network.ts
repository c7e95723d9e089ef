import { isIP } from 'node:net'

/**
 * Whom an address stands for: an IPv4 address itself, an IPv6 address its /64, since one subscriber
 * usually holds a whole /64 and could otherwise fail from a fresh address at every attempt.
 */
export function networkOf(address: string | null): string | null {
  // IPv4 (no colon) stands for itself: the common case costs one scan, no allocation.
  if (address === null || !address.includes(':')) return address
  const plain = address.split('%')[0] ?? address
  if (isIP(plain) !== 6) return address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain)?.[1]
  if (mapped) return mapped
  const [head = '', tail] = plain.toLowerCase().split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  // A trailing dotted quad stands for two groups.
  const tailLength = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0)
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailLength).fill('0')
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4)
  return `${groups.map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`
}
