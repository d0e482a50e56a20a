import { isAlnum, isLetter } from './chars.ts';
import type { Detector } from './detector.ts';
import { marker } from './kinds.ts';

/** Characters of a local part: `first.last+tag@`, `a_b%c-d@`. */
function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/**
 * End of the domain after `@` at `from`: labels of letters, digits and `-` joined by single dots,
 * so a sentence's full stop or a `..` is not part of it.
 */
function domainEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (isAlnum(c) || c === 45) end++;
    else if (c === 46 && end > from && isAlnum(text.charCodeAt(end + 1))) end++;
    else break;
  }
  while (end > from && text.charCodeAt(end - 1) === 45) end--;
  return end;
}

/** A domain with a dot and an alphabetic top-level label of two or more letters (not an IP or version). */
function isDomain(text: string, start: number, end: number): boolean {
  let lastDot = end - 1;
  while (lastDot > start && text.charCodeAt(lastDot) !== 46) lastDot--;
  if (lastDot <= start || end - lastDot < 3) return false;
  for (let i = lastDot + 1; i < end; i++) if (!isLetter(text.charCodeAt(i))) return false;
  return true;
}

/**
 * E-mail addresses, found from each `@` outwards. Local parts and domains cannot contain `@`, so
 * each character is read at most twice (once as a domain, once as the next local part): linear.
 */
export const emails: Detector = {
  mayMatch: (text) => text.includes('@'),
  apply: (text, tally) => {
    let out = '';
    let cursor = 0;
    for (let at = text.indexOf('@'); at !== -1; ) {
      let start = at;
      while (start > cursor && isLocalChar(text.charCodeAt(start - 1))) start--;
      while (start < at && text.charCodeAt(start) === 46) start++;
      const end = domainEnd(text, at + 1);
      if (start === at || !isDomain(text, at + 1, end)) {
        at = text.indexOf('@', at + 1);
        continue;
      }
      out += text.slice(cursor, start) + marker('email');
      tally.add('email');
      cursor = end;
      at = text.indexOf('@', end);
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  },
};
