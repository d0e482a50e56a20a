/*
 * Every IP address is personal data or a map of the infrastructure, so every one is masked: public,
 * private (10/8, 172.16/12, 192.168/16), shared (100.64/10), loopback, link-local, and IPv6 in all
 * its written forms. A regular expression finds candidates; Node's own parser (`isIPv4`, `isIPv6`)
 * decides. What only looks like an address is kept, by these rules:
 *
 * - IPv4: four dotted decimal octets, each 0-255 without a leading zero (`010.1.1.1` is not one),
 *   not glued to a letter, digit or dot before it (`v1.2.3.4`, `a.1.2.3.4`) nor to a word character
 *   or a dotted number after it (`1.2.3.4.5`, `1.2.3.4b`). A bare `1.2.3.4` is taken for an address.
 * - IPv6: a run of hex groups and colons (with an IPv4 tail, a `%zone`, brackets and a port outside
 *   it) that Node parses, not glued to a letter, digit, `.` or `:` before it (`crate::abc`) nor to a
 *   word character, `:` or a dotted number after it. A hex group and `::` is enough (`a::b`). A
 *   run without `::` needs all eight groups (or six and an IPv4 tail), so times (`12:34:56`) and MAC
 *   addresses (`00:1a:2b:3c:4d:5e`) never are one; eight groups of exactly two digits are an EUI-64
 *   hardware address, and eight purely decimal groups a list of numbers, both kept. A bare `::`
 *   names no host (`x :: Int`), and a group mixing cases is an identifier (`Cafe::Add`): both kept.
 * - Host names that spell an address with dashes (`ip-10-0-1-23.ec2.internal`) are names, kept.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { isDigit, isLetter, isWordChar } from './chars.ts';
import { type Detector, replaceMatches } from './detector.ts';
import type { FindingTally } from './findings.ts';
import { marker } from './kinds.ts';

/** Four dotted numbers of one to three digits; the octets are checked by `isIPv4`. */
const IPV4 = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;

/**
 * Up to nine hex groups (empty ones make `::`), an optional IPv4 tail and zone. Each repetition
 * starts with a colon the groups cannot consume, so a failed attempt gives back at most four hex digits.
 */
const IPV6 =
  /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:\.\d{1,3}){0,3}(?:%[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?/g;

/*
 * Cheap tests that a line may hold an address (shared with the prefilter, which folds them into one
 * pattern: no lookbehind at the start, which measured twice as slow there; bench/redact-bench.ts).
 */
export const IPV4_HINT = /\d\.\d{1,3}\.\d{1,3}\.\d/;
/** `::` next to a whole hex group (`::1`, `fe80::`), or six colons between full groups. */
export const IPV6_HINT =
  /::(?:[0-9A-Fa-f]{1,4}(?!\w)|(?<=[0-9A-Fa-f]::)(?!\w))|:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){4}:/;

const COLON = 58;
const DOT = 46;

/** Glued to what comes before: a letter or digit, a dot, and for IPv6 a colon. */
function gluedBefore(text: string, index: number, v6: boolean): boolean {
  const c = text.charCodeAt(index - 1);
  return isDigit(c) || isLetter(c) || c === DOT || (v6 && c === COLON);
}

/** Glued to what follows: a word character, a dot and a digit (`1.2.3.4.5`), and for IPv6 a colon. */
function gluedAfter(text: string, end: number, v6: boolean): boolean {
  const c = text.charCodeAt(end);
  return isWordChar(c) || (c === DOT && isDigit(text.charCodeAt(end + 1))) || (v6 && c === COLON);
}

function isDecimal(group: string): boolean {
  for (let i = 0; i < group.length; i++) if (!isDigit(group.charCodeAt(i))) return false;
  return true;
}

function mixesCase(group: string): boolean {
  return /[a-f]/.test(group) && /[A-F]/.test(group);
}

/** An IPv6 candidate Node parses and that is not one of the look-alikes of the header. */
export function isIpv6Address(candidate: string): boolean {
  if (!/[0-9A-Fa-f]/.test(candidate) || !isIPv6(candidate)) return false;
  const groups = candidate.replace(/%.*$/, '').split(':');
  if (groups.some(mixesCase)) return false;
  if (candidate.includes('::')) return true;
  if (groups.length === 8 && groups.every((g) => g.length === 2)) return false;
  return !groups.every(isDecimal);
}

function masker(text: string, tally: FindingTally, v6: boolean) {
  return (m: RegExpExecArray): string | null => {
    const address = m[0];
    if (gluedBefore(text, m.index, v6) || gluedAfter(text, m.index + address.length, v6)) return null;
    if (!(v6 ? isIpv6Address(address) : isIPv4(address))) return null;
    tally.add('ip-address');
    return marker('ip-address');
  };
}

/** Every IPv6, then every IPv4 address (an IPv6 address with an IPv4 tail is masked whole). */
export const ipAddresses: Detector = {
  // The hints are tested in `apply`, each before its own pass; testing them here too would scan twice.
  mayMatch: () => true,
  apply: (text, tally) => {
    let out = text;
    if (IPV6_HINT.test(out)) out = replaceMatches(out, IPV6, masker(out, tally, true));
    if (IPV4_HINT.test(out)) out = replaceMatches(out, IPV4, masker(out, tally, false));
    return out;
  },
};
