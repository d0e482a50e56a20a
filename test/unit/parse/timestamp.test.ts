import { describe, expect, it } from 'vitest';
import {
  epochToMs,
  parseTimestampText,
  readLeadingTimestamp,
  withInferredYear,
} from '../../../shared/analysis/parse/timestamp.ts';
import { EVENT_MS } from './helpers.ts';

describe('readLeadingTimestamp', () => {
  it.each([
    ['2026-05-24T11:20:06.224Z INFO x', Date.UTC(2026, 4, 24, 11, 20, 6, 224), 24],
    ['2026-02-02 09:00:05,380 INFO  [main]', Date.UTC(2026, 1, 2, 9, 0, 5, 380), 23],
    ['2026-02-02 09:00:13.358 UTC [4758] LOG:', Date.UTC(2026, 1, 2, 9, 0, 13, 358), 27],
    ['2026-02-02 09:00:13 UTC:10.0.1.5(5432):', Date.UTC(2026, 1, 2, 9, 0, 13), 23],
    ['2025-08-14T09:15:00.300000Z rest', Date.UTC(2025, 7, 14, 9, 15, 0, 300), 27],
    ['2026-05-05 22:00:01.691183+00:00 [info]', Date.UTC(2026, 4, 5, 22, 0, 1, 691), 32],
    ['2026-05-12T12:00:01+02:00 x', Date.UTC(2026, 4, 12, 10, 0, 1), 25],
    ['2026-05-12T05:00:01-0500 x', Date.UTC(2026, 4, 12, 10, 0, 1), 24],
    ['2025-08-26 09:00:00 INFO: x', Date.UTC(2025, 7, 26, 9, 0, 0), 19],
    ['[2026-05-05 22:00:01,123] INFO', Date.UTC(2026, 4, 5, 22, 0, 1, 123), 25],
    ['2026/05/12 10:00:01 listening', Date.UTC(2026, 4, 12, 10, 0, 1), 19],
    ['[08/Apr/2026:14:00:00 +0000] "GET', Date.UTC(2026, 3, 8, 14, 0, 0), 28],
    ['08/Apr/2026:16:00:00 +0200', Date.UTC(2026, 3, 8, 14, 0, 0), 26],
    ['12 May 2026 10:00:01.123 * Ready', Date.UTC(2026, 4, 12, 10, 0, 1, 123), 24],
    ['May 12 10:00:01 host kernel:', Date.UTC(2026, 4, 12, 10, 0, 1), 15],
  ])('%s', (line, at, end) => {
    expect(readLeadingTimestamp(line, EVENT_MS)).toEqual({ at, end });
  });

  it('does not mistake the " - " of a Python log line for a zone offset', () => {
    expect(readLeadingTimestamp('2026-02-02 09:00:28,040 - reconcile_job - INFO - x', EVENT_MS)).toEqual({
      at: Date.UTC(2026, 1, 2, 9, 0, 28, 40),
      end: 23,
    });
  });

  it.each([
    'INFO 2026-05-12T10:00:01Z',
    '2026-13-12T10:00:01Z',
    '2026-05-12T25:00:01Z',
    '[2026-05-12T10:00:01Z no closing bracket',
    '16:48:16.545 INFO',
    '',
  ])('finds nothing at the start of %j', (line) => {
    expect(readLeadingTimestamp(line, EVENT_MS)).toBeUndefined();
  });
});

describe('parseTimestampText', () => {
  it('reads ISO strings, epoch seconds, milliseconds and numeric strings', () => {
    expect(parseTimestampText('2026-04-08T14:00:06.309Z', EVENT_MS)).toBe(
      Date.UTC(2026, 3, 8, 14, 0, 6, 309),
    );
    expect(parseTimestampText('1778580001', EVENT_MS)).toBe(1778580001000);
    expect(parseTimestampText('1778580001123', EVENT_MS)).toBe(1778580001123);
    expect(parseTimestampText('not a time', EVENT_MS)).toBeUndefined();
    expect(parseTimestampText('2026-04-08T14:00:06Z and more', EVENT_MS)).toBeUndefined();
  });
});

describe('epochToMs', () => {
  it('tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude', () => {
    expect(epochToMs(1778580001.5)).toBe(1778580001500);
    expect(epochToMs(1778580001123)).toBe(1778580001123);
    expect(epochToMs(1778580001123456)).toBe(1778580001123.456);
    expect(epochToMs(1778580001123456e3)).toBeCloseTo(1778580001123.456, 2);
    expect(epochToMs(0)).toBeUndefined();
    expect(epochToMs(Number.NaN)).toBeUndefined();
  });
});

describe('withInferredYear', () => {
  it('picks the year that puts a year-less time closest to the reference', () => {
    const newYearsEve = Date.UTC(2026, 11, 31, 23, 59, 0);
    const newYearsDay = Date.UTC(2027, 0, 1, 0, 0, 30);
    expect(withInferredYear(newYearsDay, 11, 31, 23, 59, 0)).toBe(newYearsEve);
    expect(withInferredYear(newYearsEve, 0, 1, 0, 0, 30)).toBe(newYearsDay);
    expect(withInferredYear(Number.NaN, 0, 1, 0, 0, 30)).toBeUndefined();
  });
});

describe('readLeadingTimestamp: the canonical shapes read without the pattern agree with it', () => {
  it.each([
    // ISO with Z: fractions of 1 to 9 digits, a comma, a space instead of T.
    ['2026-04-08T14:00:06Z x', Date.UTC(2026, 3, 8, 14, 0, 6), 20],
    ['2026-04-08T14:00:06.3Z', Date.UTC(2026, 3, 8, 14, 0, 6, 300), 22],
    ['2026-04-08 14:00:06,123456789Z', Date.UTC(2026, 3, 8, 14, 0, 6, 123), 30],
    // Ten fraction digits: the pattern takes nine and no zone, so the Z is not part of the time.
    ['2026-04-08T14:00:06.1234567891Z', Date.UTC(2026, 3, 8, 14, 0, 6, 123), 29],
    // A dot without digits: the time ends at the seconds.
    ['2026-04-08T14:00:06.Z', Date.UTC(2026, 3, 8, 14, 0, 6), 19],
    // Out-of-range fields are no time at all, whichever path reads them.
    ['2026-04-08T25:00:06.000Z', undefined, 0],
    ['2026-00-08T14:00:06.000Z', undefined, 0],
    // CLF with an offset, a space for the colon, a fraction, lower-case month, a bad month.
    ['08/apr/2026:16:00:00 -0130', Date.UTC(2026, 3, 8, 17, 30, 0), 26],
    ['08/Apr/2026 16:00:00 +0000', Date.UTC(2026, 3, 8, 16, 0, 0), 26],
    ['08/Apr/2026:16:00:00.250 +0000', Date.UTC(2026, 3, 8, 16, 0, 0, 250), 30],
    ['08/Apr/2026:16:00:00', Date.UTC(2026, 3, 8, 16, 0, 0), 20],
    ['08/Abc/2026:16:00:00 +0000', undefined, 0],
    ['08/Apr/2026:16:00:00 +00x0', Date.UTC(2026, 3, 8, 16, 0, 0), 20],
  ])('%s', (line, at, end) => {
    expect(readLeadingTimestamp(line, EVENT_MS)).toEqual(at === undefined ? undefined : { at, end });
  });
});
