import { isBlank, isKeyChar, isLetter, isWhitespace } from './chars.ts';
import type { Detector } from './detector.ts';
import type { FindingTally } from './findings.ts';
import { marker, type RedactionKind, startsWithMarker } from './kinds.ts';

/**
 * The last word of a key that names a secret. Any prefix is allowed (`db_password`, `nextToken`,
 * `X-Amz-Security-Token`), but the word must end the key: `password_hash` and `tokenizer` are not
 * secrets. Longer alternatives come first so `secret_access_key` is not read as `secret`.
 */
const SECRET_WORD_SOURCE =
  'secret[-_]?access[-_]?key|secret[-_]?key|secret|passphrase|password|passwd|pwd|pass|private[-_]?key|api[-_]?key|account[-_]?key|shared[-_]?access[-_]?key|token|signature|sig';
const SECRET_WORD = new RegExp(SECRET_WORD_SOURCE, 'gi');
const SECRET_WORD_HINT = new RegExp(SECRET_WORD_SOURCE, 'i');
const SECRET_WORD_AT_END = new RegExp(`(?:${SECRET_WORD_SOURCE})$`, 'i');

const AWS_SECRET_VALUE = /^[A-Za-z0-9/+]{40}$/;
const AWS_SECRET_LENGTH = 40;
/** Unquoted values that say there is no secret. */
const NON_SECRET_LITERALS = new Set(['null', 'nil', 'none', 'true', 'false', 'undefined']);
/** Back-scan limit for the key name around a secret word. */
const MAX_KEY_LENGTH = 64;

function isAwsSecretWord(word: string): boolean {
  const w = word.toLowerCase().replace(/[-_]/g, '');
  return w === 'secretaccesskey' || w === 'secretkey';
}

/** Short secret words that end ordinary words too (`bypass`, `config_sig` is fine, `rsig` is not). */
const SHORT_WORDS = new Set(['pass', 'sig']);

/**
 * Whether the secret word at `index` begins a part of its key: the key's start, after a separator,
 * or a camelCase capital (`dbPass`). Short words must; `nextToken`-style long words need not.
 */
function beginsKeyPart(text: string, index: number, word: string): boolean {
  if (!SHORT_WORDS.has(word.toLowerCase())) return true;
  const before = text.charCodeAt(index - 1);
  if (!isLetter(before)) return true;
  const first = text.charCodeAt(index);
  return first >= 65 && first <= 90 && before >= 97 && before <= 122;
}

/** The kind of secret held under a key (`key` is the whole name, `word` the secret word ending it). */
function kindFor(word: string, key: string, value: string): RedactionKind {
  const w = word.toLowerCase().replace(/[-_]/g, '');
  switch (w) {
    case 'token':
      return 'token';
    case 'signature':
    case 'sig':
      return 'signature';
    case 'apikey':
    case 'accountkey':
    case 'sharedaccesskey':
      return 'api-key';
    case 'privatekey':
      return 'private-key';
    case 'secretaccesskey':
    case 'secretkey':
      return AWS_SECRET_VALUE.test(value) ? 'aws-secret-key' : 'password';
    case 'secret':
      // An OAuth client secret can be 40 base64 characters too, and is not AWS's.
      return AWS_SECRET_VALUE.test(value) && !/client/i.test(key) ? 'aws-secret-key' : 'password';
    default:
      return 'password';
  }
}

/** The kind of secret a field named `key` holds, or null when the name does not say secret. */
export function secretKindForKey(key: string, value: string): RedactionKind | null {
  const m = SECRET_WORD_AT_END.exec(key);
  return m === null || !beginsKeyPart(key, m.index, m[0]) ? null : kindFor(m[0], key, value);
}

/** Empty, already masked (by us or by the application: `********`), so nothing to hide. */
export function isMaskedValue(value: string): boolean {
  return value.length === 0 || startsWithMarker(value) || /^\*+$/.test(value);
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39;
}

/** Where an unquoted value stops: whitespace, quotes and the delimiters of query strings, lists and markup. */
function endsUnquotedValue(c: number): boolean {
  switch (c) {
    case 34: // "
    case 39: // '
    case 96: // `
    case 38: // &
    case 59: // ;
    case 44: // ,
    case 41: // )
    case 93: // ]
    case 125: // }
    case 60: // <
    case 62: // >
    case 92: // \
    case 124: // |
      return true;
    default:
      return Number.isNaN(c) || isWhitespace(c);
  }
}

function keyStart(text: string, wordStart: number): number {
  let s = wordStart;
  while (s > 0 && wordStart - s < MAX_KEY_LENGTH && isKeyChar(text.charCodeAt(s - 1))) s--;
  return s;
}

function indexOrLineEnd(text: string, from: number, stop: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === stop || c === 10) return i;
  }
  return text.length;
}

/** The closing quote, skipping `\` escapes; a value left open runs to the end of the line. */
function closingQuote(text: string, from: number, quote: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === quote || c === 10) return i;
  }
  return text.length;
}

interface ValueSpan {
  readonly start: number;
  readonly end: number;
  /** Nothing to mask (an empty, masked or literal value); the scan still resumes after it. */
  readonly skip: boolean;
}

/** The value starting at `p` (after the separator): quoted, escape-quoted (`\"…\"`) or bare. */
function valueAt(text: string, p: number): ValueSpan | null {
  let q = p;
  while (text.charCodeAt(q) === 92 && q - p < 8) q++;
  const open = text.charCodeAt(q);
  if (isQuote(open)) {
    const start = q + 1;
    // Inside an escaped string (`{\"password\":\"x\"}`) the value ends at the next backslash.
    const end = q > p ? indexOrLineEnd(text, start, 92) : closingQuote(text, start, open);
    return { start, end, skip: isMaskedValue(text.slice(start, end)) };
  }
  if (q > p) return null;
  const first = text.charCodeAt(p);
  if (first === 123 || first === 91) return null; // a nested object or list, or a marker
  let end = p;
  while (end < text.length && !endsUnquotedValue(text.charCodeAt(end))) {
    if (text.charCodeAt(end) === 91 && startsWithMarker(text, end)) break;
    end++;
  }
  if (end === p) return null;
  const value = text.slice(p, end);
  return { start: p, end, skip: isMaskedValue(value) || NON_SECRET_LITERALS.has(value.toLowerCase()) };
}

/** `<password>value</password>` */
function xmlValue(text: string, wordStart: number, wordEnd: number): ValueSpan | null {
  let s = wordStart;
  while (s > 0 && wordStart - s < MAX_KEY_LENGTH) {
    const c = text.charCodeAt(s - 1);
    if (!isKeyChar(c) && c !== 58) break;
    s--;
  }
  if (text.charCodeAt(s - 1) !== 60) return null;
  const start = wordEnd + 1;
  const end = indexOrLineEnd(text, start, 60);
  return { start, end, skip: isMaskedValue(text.slice(start, end)) };
}

/** The value a secret word at [wordStart, wordEnd) is the key of, or null when it is not a key. */
function valueAfterKey(text: string, wordStart: number, wordEnd: number, word: string): ValueSpan | null {
  const next = text.charCodeAt(wordEnd);
  if (isKeyChar(next)) return null;
  if (next === 62) return xmlValue(text, wordStart, wordEnd);
  let p = wordEnd;
  // The closing quote of a quoted key, escaped to any depth: "password", \"password\", 'password'.
  while ((isQuote(text.charCodeAt(p)) || text.charCodeAt(p) === 92) && p - wordEnd < 8) p++;
  const quotedKey = p > wordEnd;
  const afterKey = p;
  while (isBlank(text.charCodeAt(p))) p++;
  const separator = text.charCodeAt(p);
  if (separator === 61) {
    const c = text.charCodeAt(p + 1);
    if (c === 61) return null; // `==`: a comparison
    if (c === 62) p++; // `=>`
  } else if (separator === 58) {
    const c = text.charCodeAt(p + 1);
    if (c === 58 || c === 47) return null; // `::` or `://`
  } else {
    // `aws_secret_access_key wJalr…`: a key and its value separated only by blanks.
    const standalone = !quotedKey && p > afterKey && isAwsSecretWord(word);
    const end = p + AWS_SECRET_LENGTH;
    if (!standalone || !AWS_SECRET_VALUE.test(text.slice(p, end))) return null;
    const after = text.charCodeAt(end);
    return isKeyChar(after) || after === 47 || after === 43 ? null : { start: p, end, skip: false };
  }
  p++;
  // `password= user=bob` has an empty password; `password = x` and `password: x` have blanks around.
  if (separator === 58 || p - 1 > afterKey) while (isBlank(text.charCodeAt(p))) p++;
  return valueAt(text, p);
}

/** How far back an ARN's `arn:` prefix is looked for. */
const MAX_ARN_PREFIX = 120;

/**
 * Whether the key at `start` is a segment of an ARN (`arn:aws:secretsmanager:…:secret:prod/db-creds`):
 * the resource type of an Amazon Resource Name, not a key, and what follows it is a name.
 */
function inArn(text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) !== 58) return false;
  for (let i = start - 1; i >= 0 && start - i <= MAX_ARN_PREFIX; i--) {
    const c = text.charCodeAt(i);
    if (isWhitespace(c) || isQuote(c) || c === 44 || c === 61 || c === 40) return false;
    if (c === 97 && text.startsWith('arn:', i) && (i === 0 || !isKeyChar(text.charCodeAt(i - 1))))
      return true;
  }
  return false;
}

/** `key=value`, `key: value`, `"key":"value"`, `\"key\":\"value\"`, `<key>value</key>` for secret keys. */
export const keyValueSecrets: Detector = {
  mayMatch: (text) => SECRET_WORD_HINT.test(text),
  apply: (text: string, tally: FindingTally) => {
    let out = '';
    let cursor = 0;
    SECRET_WORD.lastIndex = 0;
    for (let m = SECRET_WORD.exec(text); m !== null; m = SECRET_WORD.exec(text)) {
      const wordEnd = m.index + m[0].length;
      if (!beginsKeyPart(text, m.index, m[0])) continue;
      if (inArn(text, keyStart(text, m.index))) continue;
      const value = valueAfterKey(text, m.index, wordEnd, m[0]);
      if (value === null) continue;
      SECRET_WORD.lastIndex = Math.max(value.end, wordEnd);
      if (value.skip) continue;
      const key = text.slice(keyStart(text, m.index), wordEnd);
      const kind = kindFor(m[0], key, text.slice(value.start, value.end));
      out += text.slice(cursor, value.start) + marker(kind);
      cursor = value.end;
      tally.add(kind);
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  },
};
