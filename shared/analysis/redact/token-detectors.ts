import { escapeRegExp } from '../escape-regexp.ts';
import { type Detector, replaceMatches } from './detector.ts';
import { marker, type RedactionKind } from './kinds.ts';
import { TOKEN_SHAPES } from './token-shapes.ts';

/** One pattern per kind: every shape of that kind. */
function patternOf(kind: RedactionKind): RegExp {
  const sources = TOKEN_SHAPES.filter((s) => s.kind === kind).map((s) => s.source);
  return new RegExp(sources.join('|'), 'g');
}

const KINDS = [...new Set(TOKEN_SHAPES.map((s) => s.kind))];
const PATTERNS = KINDS.map((kind) => ({ kind, pattern: patternOf(kind) }));
const PREFIXES = new RegExp([...new Set(TOKEN_SHAPES.map((s) => escapeRegExp(s.prefix)))].join('|'));

/** A token glued to a letter or digit before it is part of a longer word, not a token. (A lookbehind
 * at the pattern's start would cost a check at every position of every line.) */
function gluedToWord(text: string, index: number): boolean {
  const c = text.charCodeAt(index - 1);
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/** Vendor tokens and webhook URLs with a recognisable prefix (token-shapes.ts), masked whole. */
export const vendorTokens: Detector = {
  mayMatch: (text) => PREFIXES.test(text),
  apply: (text, tally) => {
    let out = text;
    for (const { kind, pattern } of PATTERNS) {
      out = replaceMatches(out, pattern, (m) => {
        if (gluedToWord(out, m.index)) return null;
        tally.add(kind);
        return marker(kind);
      });
    }
    return out;
  },
};
