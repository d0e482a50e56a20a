/**
 * Token-level variable masking, without regex lookbehinds or per-dataset configuration.
 *
 * A token is cut at separator characters (`=:,;()[]{}<>|"'#/`) into segments; a segment holding a
 * digit is a variable and becomes the wildcard, the rest of the token (keys, brackets, path words)
 * is kept: `rhost=10.0.0.1` -> `rhost=<*>`, `/v2/4fa1/servers` -> `/<*>/<*>/servers`. Month and
 * weekday names and empty wrapped values (`()`) are variables too. Then, over the line, a unit
 * joins the value before it (`1.16 KB`) and a run of variable-only tokens collapses into one, so a
 * value written in one, two or three tokens gives the same template.
 *
 * `masked-key.ts` computes the hash of the same masked line in one pass without building it; the
 * two must agree (a property test holds them together).
 */
export const WILDCARD = '<*>';

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII letter test: `c | 32` folds upper case onto lower case and maps no other character there. */
export function isLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

export function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Characters that separate a key from its value or wrap a value inside one whitespace token. */
export function isSeparator(c: number): boolean {
  switch (c) {
    case 61: // =
    case 58: // :
    case 44: // ,
    case 59: // ;
    case 40: // (
    case 41: // )
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 60: // <
    case 62: // >
    case 124: // |
    case 34: // "
    case 39: // '
    case 35: // #
    case 47: // /
      return true;
    default:
      return false;
  }
}

/** Closing punctuation that may follow a unit word (`KB)`, `ms,`). */
export function isClosing(c: number): boolean {
  // ) ] } , ; .
  return c === 41 || c === 93 || c === 125 || c === 44 || c === 59 || c === 46;
}

const CALENDAR_WORDS = new Set(
  'Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July August September October November December Mon Tue Wed Thu Fri Sat Sun Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(
    ' ',
  ),
);

/** A wrapped value that is empty, such as a host name that did not resolve: `()`. */
const EMPTY_VALUES = new Set(['()', '[]', '{}', '""', "''", '<>']);

const UNITS = new Set(
  'b kb mb gb tb pb kib mib gib tib byte bytes ns us µs ms s sec secs second seconds min mins minute minutes h hr hrs hour hours d day days %'.split(
    ' ',
  ),
);

/** A month or weekday name (optionally followed by `,` or `.`): a timestamp written in words. */
export function isCalendarWord(token: string): boolean {
  const last = token.charCodeAt(token.length - 1);
  const word = last === 44 || last === 46 ? token.slice(0, -1) : token;
  return CALENDAR_WORDS.has(word);
}

export function isEmptyValue(token: string): boolean {
  return EMPTY_VALUES.has(token);
}

/** A unit word (`KB)`, `sec`, `ms,`): part of the number before it. */
export function isUnit(token: string): boolean {
  const end = token.length - trailingClosers(token).length;
  return end > 0 && UNITS.has(token.slice(0, end).toLowerCase());
}

export function trailingClosers(token: string): string {
  let end = token.length;
  while (end > 0 && isClosing(token.charCodeAt(end - 1))) end--;
  return token.slice(end);
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isDigit(text.charCodeAt(i))) return true;
  return false;
}

/** Masks one token's variable segments; returns the token itself when it is constant. */
export function maskToken(token: string): string {
  if (token.length === 0) return token;
  if (isCalendarWord(token) || isEmptyValue(token)) return WILDCARD;
  if (!hasDigit(token)) return token;
  let out = '';
  let segStart = 0;
  for (let i = 0; i <= token.length; i++) {
    const c = i < token.length ? token.charCodeAt(i) : -1;
    if (c !== -1 && !isSeparator(c)) continue;
    if (i > segStart) {
      const seg = token.slice(segStart, i);
      out += hasDigit(seg) ? WILDCARD : seg;
    }
    if (c !== -1) out += token[i];
    segStart = i + 1;
  }
  return out;
}

/** A token that is nothing but variables and punctuation, such as `<*>`, `(<*>)` or `<*>:<*>`. */
export function isVariableToken(token: string): boolean {
  if (!token.includes(WILDCARD)) return false;
  const rest = token.split(WILDCARD).join('');
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (isLetter(c) || isDigit(c)) return false;
  }
  return true;
}

/**
 * An HTTP status right after the request of an access-log line (`"GET /x HTTP/1.1" 503`): kept as
 * it is, because 503 (nothing serves) and 504 (served too slowly) are different failures, and one
 * template for both would hide the moment one turns into the other.
 */
export function isStatusAfterRequest(previous: string | undefined, token: string): boolean {
  if (previous === undefined || token.length !== 3) return false;
  const first = token.charCodeAt(0);
  if (first < 49 || first > 53 || !isDigit(token.charCodeAt(1)) || !isDigit(token.charCodeAt(2)))
    return false;
  return REQUEST_END.test(previous);
}

const REQUEST_END = /HTTP\/\d(?:\.\d)?"$/;

/** A literal status kept by `isStatusAfterRequest`: the only all-digit token a masked line holds. */
export function isKeptStatus(masked: string): boolean {
  return (
    masked.length === 3 &&
    isDigit(masked.charCodeAt(0)) &&
    isDigit(masked.charCodeAt(1)) &&
    isDigit(masked.charCodeAt(2))
  );
}

/** Masks a line's tokens (see the module comment). */
export function maskTokens(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as string;
    if (isStatusAfterRequest(tokens[t - 1], token)) {
      out.push(token);
      continue;
    }
    const masked = maskToken(token);
    const prev = out[out.length - 1];
    if (prev?.endsWith(WILDCARD)) {
      if (isUnit(masked)) {
        out[out.length - 1] = prev + trailingClosers(masked);
        continue;
      }
      if (isVariableToken(prev) && isVariableToken(masked)) {
        out[out.length - 1] = WILDCARD;
        continue;
      }
    }
    out.push(masked);
  }
  return out;
}
