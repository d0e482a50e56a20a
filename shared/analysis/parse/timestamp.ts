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

export function monthIndex(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}

function fractionToMs(fraction: string | undefined): number {
  if (fraction === undefined || fraction.length === 0) return 0;
  return Number(`${fraction}00`.slice(0, 3));
}

/** Epoch ms for a UTC wall-clock time shifted by `offsetMinutes`, or undefined when a field is out of range. */
export function utcMs(
  year: number,
  month0: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction?: string,
  offsetMinutes = 0,
): number | undefined {
  if (month0 < 0 || month0 > 11 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return undefined;
  }
  const ms =
    Date.UTC(year, month0, day, hour, minute, second, fractionToMs(fraction)) - offsetMinutes * 60_000;
  return Number.isFinite(ms) ? ms : undefined;
}

/** For formats without a year (klog, syslog): the year that puts the time closest to the reference. */
export function withInferredYear(
  reference: number,
  month0: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction?: string,
): number | undefined {
  if (!Number.isFinite(reference)) return undefined;
  const year = new Date(reference).getUTCFullYear();
  let best: number | undefined;
  for (const candidate of [year - 1, year, year + 1]) {
    const ms = utcMs(candidate, month0, day, hour, minute, second, fraction);
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

function readIso(text: string): LeadingTimestamp | undefined {
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
  return at === undefined ? undefined : { at, end: m[0].length };
}

function readOther(text: string, reference: number): LeadingTimestamp | undefined {
  let m = GO_SLASH.exec(text);
  if (m) {
    const at = utcMs(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6]),
      m[7],
    );
    return at === undefined ? undefined : { at, end: m[0].length };
  }
  m = CLF.exec(text);
  if (m) {
    const month = monthIndex(m[2] ?? '');
    if (month === undefined) return undefined;
    const offset = offsetMinutes(m[8], m[9], m[10]);
    const at = utcMs(
      Number(m[3]),
      month,
      Number(m[1]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6]),
      m[7],
      offset,
    );
    return at === undefined ? undefined : { at, end: m[0].length };
  }
  m = DAY_MONTH_YEAR.exec(text);
  if (m) {
    const month = monthIndex(m[2] ?? '');
    if (month === undefined) return undefined;
    const at = utcMs(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), m[7]);
    return at === undefined ? undefined : { at, end: m[0].length };
  }
  m = SYSLOG.exec(text);
  if (m) {
    const month = monthIndex(m[1] ?? '');
    if (month === undefined) return undefined;
    const at = withInferredYear(
      reference,
      month,
      Number(m[2]),
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      m[6],
    );
    return at === undefined ? undefined : { at, end: m[0].length };
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
