import { describe, expect, it } from 'vitest';
import { containsSecret, redact } from '../../../shared/analysis/redact/index.ts';
import { isIpv6Address } from '../../../shared/analysis/redact/ip-address.ts';
import { triggersOf } from '../../../shared/analysis/redact/prefilter.ts';

const IP = '[REDACTED:ip-address]';

describe('IP addresses: every IPv4 address is masked, private ones too', () => {
  it.each([
    ['a public address', 'login from 198.51.100.23 ok', `login from ${IP} ok`],
    ['RFC 1918 10/8 with a port', 'dial tcp 10.12.0.7:6379: i/o timeout', `dial tcp ${IP}:6379: i/o timeout`],
    ['RFC 1918 172.16/12', 'peer=172.20.3.4 closed', `peer=${IP} closed`],
    ['RFC 1918 192.168/16 in brackets', 'gateway [192.168.0.1] down', `gateway [${IP}] down`],
    ['shared address space 100.64/10', 'nat 100.72.9.1 busy', `nat ${IP} busy`],
    ['link-local (instance metadata)', 'GET http://169.254.169.254/latest', `GET http://${IP}/latest`],
    ['loopback', 'bound 127.0.0.1:8080', `bound ${IP}:8080`],
    ['a CIDR block keeps its prefix length', 'allow 10.0.0.0/16', `allow ${IP}/16`],
    ['at the end of a sentence', 'unreachable: 10.9.8.7.', `unreachable: ${IP}.`],
    ['quoted in JSON', '{"src":"10.1.2.3","dst":"10.3.2.1"}', `{"src":"${IP}","dst":"${IP}"}`],
    [
      'a bare 1.2.3.4 is taken for an address (ambiguous with a version; masking is the safe side)',
      'upgrade to 1.2.3.4 done',
      `upgrade to ${IP} done`,
    ],
  ])('%s', (_name, line, expected) => {
    const result = redact(line);
    expect(result.text).toBe(expected);
    expect(result.findings.find((f) => f.kind === 'ip-address')?.count).toBeGreaterThan(0);
    expect(redact(result.text).text).toBe(result.text);
  });
});

describe('IP addresses: IPv6 in every written form is masked', () => {
  it.each([
    ['full form', 'from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok', `from ${IP} ok`],
    ['compressed with ::', 'from 2001:db8::8a2e:370:7334 ok', `from ${IP} ok`],
    ['loopback ::1', 'listening on ::1 port 80', `listening on ${IP} port 80`],
    ['ending in ::', 'route 2001:db8:: via eth0', `route ${IP} via eth0`],
    ['upper case', 'from 2001:DB8::A1 ok', `from ${IP} ok`],
    ['an IPv4-mapped address, masked whole', 'client ::ffff:10.0.0.1 reset', `client ${IP} reset`],
    ['NAT64 with an IPv4 tail', 'via 64:ff9b::192.0.2.33', `via ${IP}`],
    ['with a zone', 'neighbour fe80::1ff:fe23:4567:890a%eth0 stale', `neighbour ${IP} stale`],
    ['with a dotted zone (VLAN interface)', 'ping fe80::1%eth0.100 lost', `ping ${IP} lost`],
    ['in brackets with a port', 'GET https://[2001:db8::1]:443/health', `GET https://[${IP}]:443/health`],
    ['a URL zone (%25)', 'http://[fe80::1%25en0]:8080/', `http://[${IP}]:8080/`],
    ['a CIDR block', 'allow 2001:db8:abcd::/48', `allow ${IP}/48`],
    ['next to an IPv4 address', 'a=10.0.0.2 b=fd00::2', `a=${IP} b=${IP}`],
  ])('%s', (_name, line, expected) => {
    const result = redact(line);
    expect(result.text).toBe(expected);
    expect(containsSecret(result.text)).toBe(false);
  });
});

describe('IP addresses: look-alikes are kept', () => {
  it.each([
    ['a version glued to a letter (v1.2.3.4)', 'released v1.2.3.4 today'],
    ['five dotted numbers (1.2.3.4.5: not four octets)', 'build 1.2.3.4.5 ok'],
    ['an octet over 255', 'counter 256.1.1.1 ok'],
    ['an octet with a leading zero (010.1.1.1)', 'code 010.1.1.1 ok'],
    ['dotted numbers glued to a word (ab.1.2.3.4, 1.2.3.4b)', 'ab.1.2.3.4 and 1.2.3.4b'],
    ['a time of day (three colon groups, no ::)', '2026-05-24 12:34:56.789 INFO ok'],
    ['an ISO timestamp', 'at 2026-05-24T11:20:06Z'],
    ['a MAC address (six groups)', 'link 00:1a:2b:3c:4d:5e up'],
    ['an EUI-64 (eight groups of two hex digits)', 'iface id 02:1a:2b:ff:fe:3c:4d:5e'],
    ['eight decimal groups without :: (a list of numbers)', 'ratios 1:2:3:4:5:6:7:8'],
    ['a certificate fingerprint (16 groups)', 'md5 16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48'],
    ['a hex hash', 'sha deadbeefcafebabe0123456789abcdef'],
    ['a C++ scope (std::vector)', 'threw std::out_of_range in std::vector'],
    ['a CamelCase scope whose letters are all hex (Cafe::Add)', 'in Cafe::Add failed'],
    ['a bare :: (no hex digit)', 'x :: Int -> Int'],
    ['a scope glued to a word (crate::abc)', 'panicked at my_crate::abc'],
    ['a host name spelling an address with dashes', 'node ip-10-0-1-23.eu-west-1.compute.internal ready'],
  ])('%s', (_name, line) => {
    expect(redact(line).text).toBe(line);
  });
});

describe('isIpv6Address: what Node parses, less the look-alikes', () => {
  it('parses with node:net, so malformed runs are not addresses', () => {
    expect(isIpv6Address('2001:db8::1')).toBe(true);
    expect(isIpv6Address('2001:db8::1::2')).toBe(false);
    expect(isIpv6Address('12345::1')).toBe(false);
    expect(isIpv6Address('1:2:3:4:5:6:7')).toBe(false);
  });

  it('keeps eight two-digit groups and eight decimal groups, but not when they use ::', () => {
    expect(isIpv6Address('02:1a:2b:ff:fe:3c:4d:5e')).toBe(false);
    expect(isIpv6Address('1:2:3:4:5:6:7:8')).toBe(false);
    expect(isIpv6Address('1:2::8')).toBe(true);
    expect(isIpv6Address('::')).toBe(false);
  });
});

describe('the prefilter sends address-only lines to the address detector', () => {
  it.each([
    ['a line with only an IPv4 address', 'GET / from 10.0.0.9 200', 'address'],
    ['a line with only an IPv6 address', 'GET / from fd00::9 200', 'address'],
    ['a line with a timestamp only', '12:34:56 GET / 200', 'none'],
    ['a line with a C++ scope only', 'at std::vector::at', 'none'],
    ['an address and a key word', 'password=x from 10.0.0.9', 'all'],
  ])('%s', (_name, line, triggers) => {
    expect(triggersOf(line)).toBe(triggers);
  });
});
