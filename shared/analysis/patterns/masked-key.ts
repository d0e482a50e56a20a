import {
  isCalendarWord,
  isClosing,
  isDigit,
  isEmptyValue,
  isLetter,
  isSeparator,
  isStatusAfterRequest,
  isUnit,
  isWhitespace,
} from './mask.ts';

/**
 * A 64-bit hash (two 32-bit lanes) of a line's masked form (`maskTokens(tokenize(line)).join(' ')`), computed in one
 * scan of the line without building the masked string or its tokens: the miner's hot path. Two
 * 32-bit FNV-1a lanes with different primes; a collision between two distinct masked lines has a
 * probability near n^2 / 2^65 (about 3e-10 for 100,000 distinct lines).
 */

const OFFSET_A = 0x811c9dc5;
const OFFSET_B = 0x2545f491;
const PRIME_A = 0x01000193;
const PRIME_B = 0x050c5d1f;
const STAR = 42;

/** Lines longer than this take the exact slow path (they may exceed the token cap). */
export const FAST_PATH_MAX_LENGTH = 500;

/** The two lanes of the last hash computed: `[a, b]`, read right after the call. */
export const lanes = new Int32Array(2);

function finish(a: number, b: number): true {
  lanes[0] = a;
  lanes[1] = b;
  return true;
}

/** The two lanes as one number (53 bits), for callers that want a single value. */
export function lanesValue(): number {
  return ((lanes[0] as number) >>> 11) * 4294967296 + ((lanes[1] as number) >>> 0);
}

/** Hashes an already masked key string into `lanes`; equal to `maskedKeyLanes` of any line masking to it. */
export function keyLanes(key: string): true {
  let a = OFFSET_A;
  let b = OFFSET_B;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME_A);
    b = Math.imul(b ^ c, PRIME_B);
  }
  return finish(a, b);
}

export function keyHash(key: string): number {
  keyLanes(key);
  return lanesValue();
}

export function maskedKeyHash(line: string): number {
  return maskedKeyLanes(line) ? lanesValue() : -1;
}

const WS = 1;
const SEP = 2;
const DIGIT = 4;
const LETTER = 8;
const STAR_CLASS = 16;

/** Character classes of every UTF-16 code unit, as bit flags (only ASCII has any): no range check in the loop. */
const CLASS = (() => {
  const table = new Uint8Array(65536);
  for (let c = 0; c < 128; c++) {
    let k = 0;
    if (isWhitespace(c)) k |= WS;
    if (isSeparator(c)) k |= SEP;
    if (isDigit(c)) k |= DIGIT;
    if (isLetter(c)) k |= LETTER;
    if (c === STAR) k |= STAR_CLASS;
    table[c] = k;
  }
  return table;
})();

/** Lanes after hashing the wildcard `<*>` onto the given state. */
function wildA(a: number): number {
  return Math.imul(Math.imul(Math.imul(a ^ 60, PRIME_A) ^ 42, PRIME_A) ^ 62, PRIME_A);
}
function wildB(b: number): number {
  return Math.imul(Math.imul(Math.imul(b ^ 60, PRIME_B) ^ 42, PRIME_B) ^ 62, PRIME_B);
}

/**
 * The one-pass hash into `lanes`; false when the line needs the exact path: longer than the
 * fast-path limit, or containing a literal `*` (a pre-masked `<*>` changes how tokens combine).
 * Characters are hashed as they are read; when a segment turns out to hold a digit, or a token
 * turns out to be a unit, a calendar word or a second variable in a row, the lanes are rewound to
 * a saved state and the masked form is hashed instead.
 */
export function maskedKeyLanes(line: string): boolean {
  const n = line.length;
  if (n > FAST_PATH_MAX_LENGTH) return false;
  let a = OFFSET_A;
  let b = OFFSET_B;
  let emitted = false;
  // State before the previous emitted token (for collapsing), and what the line rules need of it.
  let prevStartA = 0;
  let prevStartB = 0;
  let prevEndsWild = false;
  let prevIsVar = false;
  // The raw previous token, whatever became of it (an access-log status is read against it).
  let lastS = -1;
  let lastE = -1;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if ((CLASS[c] as number) & WS) {
      i++;
      continue;
    }
    // A token starts at i. Save the state before its separating space, then hash the space.
    const beforeSpaceA = a;
    const beforeSpaceB = b;
    if (emitted) {
      a = Math.imul(a ^ 32, PRIME_A);
      b = Math.imul(b ^ 32, PRIME_B);
    }
    const tokenA = a;
    const tokenB = b;
    const s = i;
    let segStart = i;
    let segA = a;
    let segB = b;
    let segDigit = false;
    let segLetter = false;
    let digits = false;
    let anyWild = false;
    let literalLetter = false;
    let endsWild = false;
    for (;;) {
      let k = WS;
      if (i < n) {
        c = line.charCodeAt(i);
        k = CLASS[c] as number;
        if ((k & (WS | SEP | DIGIT | STAR_CLASS)) === 0) {
          if (k !== 0) segLetter = true;
          a = Math.imul(a ^ c, PRIME_A);
          b = Math.imul(b ^ c, PRIME_B);
          i++;
          continue;
        }
        if (k & DIGIT) {
          segDigit = true;
          digits = true;
          a = Math.imul(a ^ c, PRIME_A);
          b = Math.imul(b ^ c, PRIME_B);
          i++;
          continue;
        }
        if (k & STAR_CLASS) return false;
      }
      // A separator or the token's end closes the segment.
      const nonEmpty = i > segStart;
      if (nonEmpty) {
        if (segDigit) {
          a = wildA(segA);
          b = wildB(segB);
          anyWild = true;
        } else if (segLetter) literalLetter = true;
      }
      if (k & WS) {
        endsWild = nonEmpty && segDigit;
        break;
      }
      a = Math.imul(a ^ c, PRIME_A);
      b = Math.imul(b ^ c, PRIME_B);
      segA = a;
      segB = b;
      segDigit = false;
      segLetter = false;
      i++;
      segStart = i;
    }
    const e = i;
    const rawPrevS = lastS;
    const rawPrevE = lastE;
    lastS = s;
    lastE = e;
    let isVar = anyWild && !literalLetter;

    if (
      digits &&
      e - s === 3 &&
      rawPrevE > 0 &&
      line.charCodeAt(rawPrevE - 1) === 34 &&
      isStatusAfterRequest(line.slice(rawPrevS, rawPrevE), line.slice(s, e))
    ) {
      a = tokenA;
      b = tokenB;
      for (let j = s; j < e; j++) {
        const ch = line.charCodeAt(j);
        a = Math.imul(a ^ ch, PRIME_A);
        b = Math.imul(b ^ ch, PRIME_B);
      }
      prevStartA = tokenA;
      prevStartB = tokenB;
      prevEndsWild = false;
      prevIsVar = false;
      emitted = true;
      continue;
    }

    if (!digits) {
      if (emitted && prevEndsWild && mayBeUnit(line, s)) {
        const token = line.slice(s, e);
        if (isUnit(token)) {
          // The unit joins the previous token: only its closing punctuation stays.
          let k = e;
          while (k > s && isClosing(line.charCodeAt(k - 1))) k--;
          a = beforeSpaceA;
          b = beforeSpaceB;
          for (let j = k; j < e; j++) {
            const ch = line.charCodeAt(j);
            a = Math.imul(a ^ ch, PRIME_A);
            b = Math.imul(b ^ ch, PRIME_B);
          }
          if (k < e) prevEndsWild = false;
          continue;
        }
      }
      if (mayBeWholeVariable(line, s, e)) {
        const word = line.slice(s, e);
        if (isCalendarWord(word) || isEmptyValue(word)) {
          a = wildA(tokenA);
          b = wildB(tokenB);
          endsWild = true;
          isVar = true;
        }
      }
    }

    if (emitted && prevEndsWild && prevIsVar && isVar) {
      a = wildA(prevStartA);
      b = wildB(prevStartB);
      continue;
    }
    prevStartA = tokenA;
    prevStartB = tokenB;
    prevEndsWild = endsWild;
    prevIsVar = isVar;
    emitted = true;
  }
  return finish(a, b);
}

/** Cheap gate before the set look-ups: a calendar word is capitalised, an empty value is two openers. */
function mayBeWholeVariable(line: string, s: number, e: number): boolean {
  const len = e - s;
  const first = line.charCodeAt(s);
  if (len === 2)
    return first === 40 || first === 91 || first === 123 || first === 34 || first === 39 || first === 60;
  return len >= 3 && len <= 10 && CALENDAR_INITIALS.includes(first);
}

// First letters of month and weekday names, and of unit words (either case).
const CALENDAR_INITIALS = [...'JFMASONDTW'].map((ch) => ch.charCodeAt(0));
const UNIT_INITIALS = new Set([...'bkmgtpnusdh%µBKMGTPNUSDH'].map((ch) => ch.charCodeAt(0)));

/** Cheap gate before the unit look-up: the token starts as a unit word does. */
function mayBeUnit(line: string, s: number): boolean {
  return UNIT_INITIALS.has(line.charCodeAt(s));
}
