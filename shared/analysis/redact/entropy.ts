import type { Detector } from './detector.ts';
import { marker } from './kinds.ts';
import { TOKEN_RUN } from './prefilter.ts';

/**
 * A long token-shaped value right after a separator (`x_client_credential=Zq8…`, `"sess": "Zq8…"`):
 * a key/value position whose key gave no hint. The run stops before `=` padding so that no two
 * attempts share characters beyond the separator (linear on any input).
 */
const VALUE = /[=:][ \t]?["']?([A-Za-z0-9+/_~-]{24,512})(={0,2})(?![A-Za-z0-9+/_~.=@-])/g;
const MIN_BITS_PER_CHAR = 4;

function shannonBits(value: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Random-looking, not an identifier: upper case, lower case and digits all present (so not hex ids,
 * UUIDs, paths or CamelCase names), not a path, and dense in information. A capital within the
 * first characters too (twenty from it to the end), the line pre-check's token-run trigger.
 */
export function looksRandom(value: string): boolean {
  if (value.startsWith('/') || value.includes('//')) return false;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
  }
  if (upper < 2 || lower < 2 || digit < 2 || !TOKEN_RUN.test(value)) return false;
  return shannonBits(value) >= MIN_BITS_PER_CHAR && meanWordLength(value) < MIN_WORD_LENGTH;
}

/**
 * Runs this long on average are words and numbers (`UpdateFunctionConfiguration20150331v2`, an API
 * name with its version date), not drawn characters: in random letters and digits a run of one
 * kind (a digit run, a capitalised or lower-case word, an upper-case run) lasts under two.
 */
const MIN_WORD_LENGTH = 4;

function meanWordLength(value: string): number {
  let runs = 0;
  let chars = 0;
  let previous = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const kind = c >= 48 && c <= 57 ? 'd' : c >= 65 && c <= 90 ? 'u' : c >= 97 && c <= 122 ? 'l' : '';
    if (kind === '') {
      previous = '';
      continue;
    }
    chars++;
    // A capital followed by lower case is one word (`Function`), as are runs of one kind.
    if (kind !== previous && !(previous === 'u' && kind === 'l')) runs++;
    previous = kind;
  }
  return runs === 0 ? 0 : chars / runs;
}

/** High-entropy values in key/value positions, for token shapes no rule knows. */
export const highEntropyValues: Detector = {
  mayMatch: (text) => text.includes('=') || text.includes(':'),
  apply: (text, tally) => {
    let out = '';
    let cursor = 0;
    VALUE.lastIndex = 0;
    for (let m = VALUE.exec(text); m !== null; m = VALUE.exec(text)) {
      const value = m[1] ?? '';
      if (!looksRandom(value)) continue;
      const start = m.index + m[0].length - value.length - (m[2] ?? '').length;
      out += text.slice(cursor, start) + marker('token');
      tally.add('token');
      cursor = m.index + m[0].length;
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  },
};
