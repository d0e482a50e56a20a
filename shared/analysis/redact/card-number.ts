import { isAlnum, isDigit, isKeyChar, isWordChar } from './chars.ts';
import type { Detector } from './detector.ts';
import { marker } from './kinds.ts';
import { luhnValid } from './luhn.ts';
import { CARD_HINT } from './patterns.ts';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * Luhn passes for one number in ten, so alone it would mask one epoch-millis timestamp in ten.
 * Issuer prefixes rule those out: today's epoch millis, micros and nanos start with 1, compact
 * timestamps with 20, and no card network issues either.
 */
function hasIssuerPrefix(digits: string): boolean {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  switch (digits.charCodeAt(0) - 48) {
    case 4: // Visa
      return true;
    case 3: // Amex 34/37 (15 digits); Diners 30/36/38/39 and JCB 35 (14-19)
      return digits.length === 15
        ? two === 34 || two === 37
        : digits.length >= 14 && two !== 31 && two !== 32 && two !== 33;
    case 2: // Mastercard 2221-2720, Mir 2200-2204
      return digits.length >= 16 && ((four >= 2221 && four <= 2720) || (four >= 2200 && four <= 2204));
    case 5: // Mastercard, Maestro
    case 6: // Discover, UnionPay, Maestro
      return digits.length >= 16;
    default:
      return false;
  }
}

/** A key naming an id or a time (`order_id=`, `"ts":`): its number is not a card even if Luhn agrees. */
const ID_OR_TIME_KEY = /(?:id|ids|ts|time|timestamp|epoch|millis|micros|nanos|[_-](?:ms|us|ns)|seq|offset)$/i;

function isIdOrTimeValue(text: string, start: number): boolean {
  let p = start;
  const skipQuotesAndBlanks = () => {
    for (let n = 0; n < 8 && p > 0; n++) {
      const c = text.charCodeAt(p - 1);
      if (c !== 34 && c !== 39 && c !== 92 && c !== 32 && c !== 9) return;
      p--;
    }
  };
  skipQuotesAndBlanks();
  const separator = text.charCodeAt(p - 1);
  if (separator !== 58 && separator !== 61) return false;
  p--;
  skipQuotesAndBlanks();
  const keyEnd = p;
  while (p > 0 && keyEnd - p < 64 && isKeyChar(text.charCodeAt(p - 1))) p--;
  return ID_OR_TIME_KEY.test(text.slice(p, keyEnd));
}

function digitsEnd(text: string, from: number, limit = Number.POSITIVE_INFINITY): number {
  let end = from;
  while (end - from < limit && isDigit(text.charCodeAt(end))) end++;
  return end;
}

/** A number starts here: not glued to a letter, a digit or a decimal point before it (`_4111…` is glued to nothing). */
function startsNumber(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  return i === 0 || (!isAlnum(c) && c !== 46);
}

/** A number ends here: not glued to a word and not followed by decimals. */
function endsNumber(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (isWordChar(c)) return false;
  return !((c === 46 || c === 44) && isDigit(text.charCodeAt(end + 1)));
}

/**
 * The end of the card number starting at `start` (a digit run ending at `runEnd`), or -1. Either
 * one run of 13-19 digits, or a 4-digit group followed by 3-6-digit groups with the same separator
 * (`4111 1111 1111 1111`, `3782-822463-10005`), taking groups while the total stays within 19.
 */
function cardEnd(text: string, start: number, runEnd: number): number {
  let count = runEnd - start;
  let end = runEnd;
  if (count === 4) {
    const separator = text.charCodeAt(runEnd);
    if (separator !== 32 && separator !== 45) return -1;
    while (text.charCodeAt(end) === separator && isDigit(text.charCodeAt(end + 1))) {
      const groupEnd = digitsEnd(text, end + 1, 7);
      const size = groupEnd - end - 1;
      if (size < 3 || size > 6 || count + size > MAX_DIGITS) break;
      count += size;
      end = groupEnd;
    }
  }
  if (count < MIN_DIGITS || count > MAX_DIGITS || !endsNumber(text, end)) return -1;
  const digits = count === end - start ? text.slice(start, end) : text.slice(start, end).replace(/[ -]/g, '');
  if (!hasIssuerPrefix(digits) || !luhnValid(digits) || isIdOrTimeValue(text, start)) return -1;
  return end;
}

/** Payment card numbers (PANs): digit runs that pass the issuer-prefix and Luhn checks. */
export const cardNumbers: Detector = {
  mayMatch: (text) => CARD_HINT.test(text),
  apply: (text, tally) => {
    let out = '';
    let cursor = 0;
    let i = 0;
    while (i < text.length) {
      if (!isDigit(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const runEnd = digitsEnd(text, i);
      const end = startsNumber(text, i) ? cardEnd(text, i, runEnd) : -1;
      if (end === -1) {
        i = runEnd;
        continue;
      }
      out += text.slice(cursor, i) + marker('card-number');
      tally.add('card-number');
      cursor = end;
      i = end;
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  },
};
