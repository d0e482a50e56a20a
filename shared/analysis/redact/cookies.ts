import type { Detector } from './detector.ts';
import { marker, startsWithMarker } from './kinds.ts';

/** A `Cookie:` or `Set-Cookie:` header (or a `"cookie": "` field), up to where its value starts. */
const COOKIE_HEADER = /(?<![A-Za-z0-9])(?:set-)?cookie["'\\]{0,3}[ \t]{0,4}[:=][ \t]{0,4}["'\\]{0,3}/gi;

/** The value ends at the line's end, a quote or a backslash (an escaped quote or `\r\n`). */
function valueEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 34 || c === 39 || c === 92) return i;
  }
  return text.length;
}

/** Session cookies: the whole value of a Cookie or Set-Cookie header, every pair of it. */
export const cookies: Detector = {
  mayMatch: (text) => /cookie/i.test(text),
  apply: (text, tally) => {
    let out = '';
    let cursor = 0;
    COOKIE_HEADER.lastIndex = 0;
    for (let m = COOKIE_HEADER.exec(text); m !== null; m = COOKIE_HEADER.exec(text)) {
      const start = m.index + m[0].length;
      const end = valueEnd(text, start);
      COOKIE_HEADER.lastIndex = Math.max(end, start);
      if (end === start || startsWithMarker(text, start)) continue;
      out += text.slice(cursor, start) + marker('cookie');
      tally.add('cookie');
      cursor = end;
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  },
};
