import * as z from 'zod';

/**
 * Timestamps. Reports carry ISO-8601 strings (UTC, `Z`, e.g. `2026-05-24T11:54:10.221Z`); AWS events
 * also use forms like `2026-05-24T11:55:05.221+0000` (no colon in the offset), which `new Date()` does
 * not reliably accept everywhere. `parseTimestamp` reads both forms strictly and without I/O.
 */

const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Epoch milliseconds of an ISO-8601 timestamp with `Z` or a `±hh:mm` / `±hhmm` offset; null when invalid. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', zulu, sign, oh = '0', om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  const offset = zulu ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offset * 60_000;
}

/** The same instant as an ISO-8601 UTC string (`…Z`, milliseconds); null when the input is invalid. */
export function normalizeTimestamp(text: string): string | null {
  const ms = parseTimestamp(text);
  return ms === null ? null : new Date(ms).toISOString();
}

/** A report timestamp: ISO-8601 with `Z` or a `±hh:mm` offset. Producers should write UTC (`Z`). */
export const isoTimestampSchema = z.iso.datetime({
  offset: true,
  error: 'expected an ISO-8601 timestamp such as 2026-05-24T11:54:10.221Z',
});

/** A timestamp as AWS writes it: ISO-8601, offset with or without a colon (`+0000`). */
export const awsTimestampSchema = z.string().refine((text) => parseTimestamp(text) !== null, {
  error: 'expected an ISO-8601 timestamp such as 2026-05-24T11:55:05.221+0000',
});
