const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** A timestamp found at the start of a line; `end` is the index just past it (and past a closing `]`). */
export interface LeadingTimestamp {
  at: number;
  end: number;
}

/** A time read at the start of a text and where it ends; none when its fields were out of range. */
function leading(at: number | undefined, end: number): LeadingTimestamp | undefined {
  return at === undefined ? undefined : { at, end };
}

export function monthIndex(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}

function fractionToMs(fraction: string | undefined): number {
  if (fraction === undefined || fraction.length === 0) return 0;
  return Number(`${fraction}00`.slice(0, 3));
}

/** A UTC wall-clock time without its year: month (0-11), day, hour, minute, second, fraction digits. */
type YearlessTime = [
  month0: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction?: string,
];

/** Epoch ms for a UTC wall-clock time shifted by `offsetMinutes`, or undefined when a field is out of range. */
export function utcMs(
  year: number,
  ...[month0, day, hour, minute, second, fraction, offsetMinutes = 0]: [
    ...time: YearlessTime,
    offsetMinutes?: number,
  ]
): number | undefined {
  if (month0 < 0 || month0 > 11 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return undefined;
  }
  const ms =
    Date.UTC(year, month0, day, hour, minute, second, fractionToMs(fraction)) - offsetMinutes * 60_000;
  return Number.isFinite(ms) ? ms : undefined;
}

/** For formats without a year (klog, syslog): the year that puts the time closest to the reference. */
export function withInferredYear(reference: number, ...time: YearlessTime): number | undefined {
  if (!Number.isFinite(reference)) return undefined;
  const year = new Date(reference).getUTCFullYear();
  let best: number | undefined;
  for (const candidate of [year - 1, year, year + 1]) {
    const ms = utcMs(candidate, ...time);
    if (ms !== undefined && (best === undefined || Math.abs(ms - reference) < Math.abs(best - reference))) {
      best = ms;
    }
  }
  return best;
}

function offsetMinutes(
  sign: string | undefined,
  hours: string | undefined,
  minutes: string | undefined,
): number {
  if (sign === undefined || hours === undefined) return 0;
  const total = Number(hours) * 60 + Number(minutes ?? '0');
  return sign === '-' ? -total : total;
}

// Z, +02:00, +0200, +02, or a space and UTC/GMT (PostgreSQL); no zone means UTC.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|\s?([+-])(\d{2}):?(\d{2})?\b|\s(?:UTC|GMT)\b)?/;
const GO_SLASH = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const CLF =
  /^(\d{2})\/([A-Za-z]{3})\/(\d{4})[: ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: ([+-])(\d{2})(\d{2}))?/;
const DAY_MONTH_YEAR = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const SYSLOG = /^([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;

const ZERO = 48;

/** The value of the digits in text[start, end), or -1 when one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** The numbers at fixed places of `text` (start/end index pairs), or undefined when one is not all digits. */
function digitFields(text: string, spans: readonly number[]): number[] | undefined {
  const values: number[] = [];
  for (let i = 0; i < spans.length; i += 2) {
    const value = digitsAt(text, spans[i] as number, spans[i + 1] as number);
    if (value < 0) return undefined;
    values.push(value);
  }
  return values;
}

// year month day hour minute second
const ISO_FIELDS = [0, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19];
// day year hour minute second, offset hours and minutes
const CLF_FIELDS = [0, 2, 7, 11, 12, 14, 15, 17, 18, 20, 22, 24, 24, 26];

/**
 * `2026-04-08T14:00:06.309Z`, the shape nearly every JSON logger prints, read without the regex.
 * Anything else (offsets, no seconds, no zone) is left to the pattern, so both give the same result.
 */
function readIsoUtc(text: string): LeadingTimestamp | undefined {
  if (text.length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const t = text.charCodeAt(10);
  if ((t !== 84 && t !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const f = digitFields(text, ISO_FIELDS);
  if (f === undefined) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = f;
  let end = 19;
  let fraction: string | undefined;
  const dot = text.charCodeAt(19);
  if (dot === 46 || dot === 44) {
    let digits = 20;
    while (digits < text.length && digits < 29 && digitsAt(text, digits, digits + 1) >= 0) digits++;
    if (digits === 20) return undefined;
    fraction = text.slice(20, digits);
    end = digits;
  }
  if (text.charCodeAt(end) !== 90) return undefined; // Z
  const at = utcMs(year, month - 1, day, hour, minute, second, fraction);
  return leading(at, end + 1);
}

/** `08/Apr/2026:14:03:02 +0000`, the access-log time, read without the regex (same rule as readIsoUtc). */
function readClfWithOffset(text: string): LeadingTimestamp | undefined {
  if (text.length < 26 || text.charCodeAt(2) !== 47 || text.charCodeAt(6) !== 47) return undefined;
  const sep = text.charCodeAt(11);
  if ((sep !== 58 && sep !== 32) || text.charCodeAt(14) !== 58 || text.charCodeAt(17) !== 58)
    return undefined;
  const sign = text.charCodeAt(21);
  if (text.charCodeAt(20) !== 32 || (sign !== 43 && sign !== 45)) return undefined;
  const month = monthIndex(text.slice(3, 6));
  const f = digitFields(text, CLF_FIELDS);
  if (month === undefined || f === undefined) return undefined;
  const [day = 0, year = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMins = 0] = f;
  const offset = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
  const at = utcMs(year, month, day, hour, minute, second, undefined, offset);
  return leading(at, 26);
}

function readIso(text: string): LeadingTimestamp | undefined {
  const fast = readIsoUtc(text);
  if (fast !== undefined) return fast;
  if (text.charCodeAt(4) !== 45) return undefined;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const at = utcMs(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? '0'),
    m[7],
    offsetMinutes(m[9], m[10], m[11]),
  );
  return leading(at, m[0].length);
}

/**
 * The other leading formats. `shape` is a character the pattern requires at a fixed place, tested
 * first so that a line in none of them costs no regex; `read` turns a match into epoch ms.
 */
interface OtherFormat {
  shape: (text: string) => boolean;
  pattern: RegExp;
  read: (m: RegExpExecArray, reference: number) => number | undefined;
}

const SLASH = 47;
const SPACE = 32;
const n = (text: string | undefined) => Number(text);

const OTHER_FORMATS: readonly OtherFormat[] = [
  {
    shape: (text) => text.charCodeAt(4) === SLASH,
    pattern: GO_SLASH,
    read: (m) => utcMs(n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), m[7]),
  },
  {
    shape: (text) => text.charCodeAt(2) === SLASH,
    pattern: CLF,
    read: (m) => {
      const month = monthIndex(m[2] ?? '');
      if (month === undefined) return undefined;
      const offset = offsetMinutes(m[8], m[9], m[10]);
      return utcMs(n(m[3]), month, n(m[1]), n(m[4]), n(m[5]), n(m[6]), m[7], offset);
    },
  },
  {
    shape: (text) => text.charCodeAt(1) === SPACE || text.charCodeAt(2) === SPACE,
    pattern: DAY_MONTH_YEAR,
    read: (m) => {
      const month = monthIndex(m[2] ?? '');
      return month === undefined
        ? undefined
        : utcMs(n(m[3]), month, n(m[1]), n(m[4]), n(m[5]), n(m[6]), m[7]);
    },
  },
  {
    shape: (text) => text.charCodeAt(3) === SPACE,
    pattern: SYSLOG,
    read: (m, reference) => {
      const month = monthIndex(m[1] ?? '');
      if (month === undefined) return undefined;
      return withInferredYear(reference, month, n(m[2]), n(m[3]), n(m[4]), n(m[5]), m[6]);
    },
  },
];

/** The first of the other formats whose pattern matches decides, even when its fields are out of range. */
function readOther(text: string, reference: number): LeadingTimestamp | undefined {
  const clf = readClfWithOffset(text);
  if (clf !== undefined) return clf;
  for (const format of OTHER_FORMATS) {
    if (!format.shape(text)) continue;
    const m = format.pattern.exec(text);
    if (!m) continue;
    const at = format.read(m, reference);
    return leading(at, m[0].length);
  }
  return undefined;
}

/**
 * A timestamp at the very start of a line, optionally in square brackets: ISO 8601 (with `T` or a space,
 * `,` or `.` fractions, any zone, none meaning UTC), Go's `2026/05/12 10:00:01`, CLF `08/Apr/2026:14:00:00
 * +0000`, `12 May 2026 10:00:01.123` and syslog `May 12 10:00:01` (year from `reference`).
 */
export function readLeadingTimestamp(line: string, reference: number): LeadingTimestamp | undefined {
  const bracketed = line.startsWith('[');
  const text = bracketed ? line.slice(1, 64) : line.slice(0, 64);
  const found = readIso(text) ?? readOther(text, reference);
  if (!found) return undefined;
  if (!bracketed) return found;
  if (text[found.end] !== ']') return undefined;
  return { at: found.at, end: found.end + 2 };
}

/** The time inside square brackets (their content, without them): it must fill the brackets. */
export function readBracketedTimestamp(text: string, reference: number): number | undefined {
  const found = readIso(text) ?? readOther(text, reference);
  return found !== undefined && found.end === text.length ? found.at : undefined;
}

/** A whole string holding one timestamp in any of the leading formats, trailing blanks allowed. */
export function parseTimestampText(text: string, reference: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 64) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return epochToMs(Number(trimmed));
  const found = readLeadingTimestamp(trimmed, reference);
  if (found && found.end === trimmed.length) return found.at;
  if (!/\d{4}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude. */
export function epochToMs(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value < 1e11) return value * 1000;
  if (value < 1e14) return value;
  if (value < 1e17) return value / 1000;
  return value / 1e6;
}

/** A JSON field value (ISO string, epoch number or numeric string) as epoch ms. */
export function timestampFromValue(value: unknown, reference: number): number | undefined {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value === 'string') return parseTimestampText(value, reference);
  return undefined;
}

/** `HH:MM:SS(.mmm)` with no date, as Logback's default pattern prints; only its length is useful. */
export function clockPrefixLength(line: string): number | undefined {
  const m = /^\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?=\s)/.exec(line);
  return m ? m[0].length : undefined;
}

export function isPlausible(at: number, reference: number, windowMs: number): boolean {
  if (!Number.isFinite(at)) return false;
  if (!Number.isFinite(reference)) return at > 0 && at < 1e13 + DAY_MS;
  return Math.abs(at - reference) <= windowMs;
}
