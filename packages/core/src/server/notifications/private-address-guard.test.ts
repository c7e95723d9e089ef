import { describe, expect, it } from 'vitest'
import { isRefusedAddress } from './private-address-guard.js'

const REFUSED_IPV4 = [
  '127.0.0.1',
  '127.8.9.10',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '100.64.0.1',
  '169.254.169.254',
  '0.0.0.0',
  '224.0.0.1',
  '255.255.255.255',
]

const REFUSED_IPV6 = [
  '::1',
  '[::1]',
  '::',
  'fd00::1',
  'fc12:3456::1',
  'fe80::1',
  'fe80::1%eth0',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:a9fe:a9fe',
  '::ffff:10.1.2.3',
  '64:ff9b::169.254.169.254',
  '::7f00:1',
  '::127.0.0.1',
  '::ffff:0:7f00:1',
  '::ffff:0:10.0.0.1',
  '2002:a9fe:a9fe::1',
  '2002:7f00:1::',
  '64:ff9b:1::a9fe:a9fe',
  'fec0::1',
  '100::1',
  '2001:0:808:808:8000:0:f5ff:fffe',
  '2001::a9fe:a9fe:0:0:f7f7:f7f7',
  '2a00:1450:4001:81c::5efe:10.0.0.1',
  '2a00:1450:4001:81c:0:5efe:c0a8:101',
  '2606:4700:4700:1::5efe:127.0.0.1',
  '2a00:1450:4001:81c:200:5efe:a9fe:a9fe',
  '2a00:1450:4001:81c:0200:5EFE:169.254.169.254',
]

const PUBLIC = [
  '93.184.215.14',
  '8.8.8.8',
  '172.32.0.1',
  '2606:4700:4700::1111',
  '::ffff:8.8.8.8',
  '2002:808:808::1',
  '64:ff9b::8.8.8.8',
  '2a00:1450:4001:82b::200e',
  '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  '2001:4860:4860::8888',
  '2a00:1450:4001:81c:200:5efe:8.8.8.8',
  '2a00:1450:4001:81c::5efe:93.184.215.14',
]

describe('private address guard', () => {
  it.each(REFUSED_IPV4)(
    'refuses %s (loopback, private, CGNAT, link-local, metadata or reserved IPv4)',
    (address) => {
      expect(isRefusedAddress(address)).toBe(true)
    },
  )

  it.each(REFUSED_IPV6)(
    'refuses %s (IPv6 loopback, discard, local-use NAT64, site-local, unique-local, link-local, or carrying a refused IPv4: mapped, compatible, translated, NAT64, 6to4, Teredo server or client, ISATAP)',
    (address) => {
      expect(isRefusedAddress(address)).toBe(true)
    },
  )

  it.each(PUBLIC)('allows the public address %s', (address) => {
    expect(isRefusedAddress(address)).toBe(false)
  })

  it('refuses what is no address at all', () => {
    expect(isRefusedAddress('example.com')).toBe(true)
  })
})
