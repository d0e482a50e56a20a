import { type Detector, replaceMatches } from './detector.ts';
import type { FindingTally } from './findings.ts';
import { marker, type RedactionKind } from './kinds.ts';

/** `DE89 3704 0044 0532 0130 00` or `GB82WEST12345698765432`: country, check digits, 11-30 more. */
const IBAN = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;

/** US social security numbers (the SSA never issues area 000, 666 or 9xx, group 00 or serial 0000). */
const SSN = /(?<!\d)(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)/g;
/** UK National Insurance numbers (the prefixes HMRC never allocates are left out). */
const NINO =
  /(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;

/** International numbers: `+` and a country code, then 7-14 more digits in groups. */
const INTERNATIONAL_PHONE = /(?<![+])\+\d[\d .()-]{6,22}\d(?!\d)/g;
/** Any number under a phone-named key. */
const KEYED_PHONE =
  /(?:phone|mobile|msisdn|telephone|tel)(?:[-_ ]?(?:number|no|nr))?["'\\]{0,3}[ \t]{0,4}[:=][ \t]{0,4}["'\\]{0,3}(\+?\d[\d .()-]{5,22}\d)(?!\d)/gi;

function ibanValid(compact: string): boolean {
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const value = c >= 65 ? c - 55 : c - 48;
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Glued to a letter or digit before it: part of something else. (Checked here
 * rather than by a lookbehind, which would cost a check at every position of every line.) */
function glued(text: string, index: number): boolean {
  const c = text.charCodeAt(index - 1);
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

function maskAll(kind: RedactionKind, tally: FindingTally, keep: (match: string) => boolean, text: string) {
  return (m: RegExpExecArray): string | null => {
    if (glued(text, m.index) || keep(m[0])) return null;
    tally.add(kind);
    return marker(kind);
  };
}

/** Personal data with a checkable shape: IBANs, national id numbers, phone numbers (IP addresses: ip-address.ts). */
export const personalData: Detector = {
  mayMatch: () => true,
  apply: (text, tally) => {
    let out = text;
    if (/[A-Z]{2} ?\d\d/.test(out)) {
      out = replaceMatches(
        out,
        IBAN,
        maskAll('iban', tally, (m) => !ibanValid(m.replace(/ /g, '')), out),
      );
      out = replaceMatches(
        out,
        NINO,
        maskAll('national-id', tally, () => false, out),
      );
    }
    if (/\d-\d\d-\d/.test(out))
      out = replaceMatches(
        out,
        SSN,
        maskAll('national-id', tally, () => false, out),
      );
    if (/phone|mobile|msisdn|tel/i.test(out)) {
      out = replaceMatches(out, KEYED_PHONE, (m) => {
        const number = m[1] ?? '';
        const n = digitCount(number);
        if (n < 7 || n > 15) return null;
        tally.add('phone');
        return m[0].slice(0, m[0].length - number.length) + marker('phone');
      });
    }
    if (/\+\d/.test(out)) {
      // At least 8 digits; more than E.164's 15 is a number followed by others (`… 5905) 10.0.3.7`),
      // masked with it rather than let the phone through.
      const tooShort = (m: string) => digitCount(m) < 8;
      out = replaceMatches(out, INTERNATIONAL_PHONE, maskAll('phone', tally, tooShort, out));
    }
    return out;
  },
};
