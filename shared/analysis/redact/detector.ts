import type { FindingTally } from './findings.ts';

/** One kind of secret: a cheap pre-check, then the pass that masks what it finds. */
export interface Detector {
  /** False means `apply` would leave the text unchanged, so the pass is skipped. */
  mayMatch(text: string): boolean;
  apply(text: string, tally: FindingTally): string;
}

/** Replaces each match of a global pattern with what `replace` returns; `null` keeps the match. */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string | null,
): string {
  let out = '';
  let cursor = 0;
  let changed = false;
  // `exec` on the pattern itself: `matchAll` copies the pattern on every call, which costs more
  // than a short line's whole scan.
  if (!pattern.global) throw new Error(`replaceMatches needs a global pattern: ${pattern.source}`);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0] === '') pattern.lastIndex++;
    const replacement = replace(m);
    if (replacement === null) continue;
    out += text.slice(cursor, m.index) + replacement;
    cursor = m.index + m[0].length;
    changed = true;
  }
  pattern.lastIndex = 0;
  return changed ? out + text.slice(cursor) : text;
}
