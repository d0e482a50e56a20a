import { describe, expect, it } from 'vitest';
import { isoTimestampSchema, normalizeTimestamp, parseTimestamp } from '../../../shared/domain/index.ts';

describe('parseTimestamp', () => {
  it.each([
    ['2026-05-24T11:55:05.221+0000', '2026-05-24T11:55:05.221Z'],
    ['2026-05-24T11:55:05.221+00:00', '2026-05-24T11:55:05.221Z'],
    ['2026-05-24T11:55:05Z', '2026-05-24T11:55:05.000Z'],
    ['2026-05-24T13:55:05.221+0200', '2026-05-24T11:55:05.221Z'],
    ['2026-05-24T06:25:05-05:30', '2026-05-24T11:55:05.000Z'],
    ['2026-05-24T11:55:05.221000+00:00', '2026-05-24T11:55:05.221Z'],
    ['2024-02-29T00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(normalizeTimestamp(text)).toBe(iso);
    expect(parseTimestamp(text)).toBe(Date.parse(iso));
  });

  it.each([
    '2026-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-05-24T24:00:00Z',
    '2026-05-24T11:55:05',
    '2026-05-24',
    'yesterday',
    '',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});

describe('isoTimestampSchema', () => {
  it('accepts report timestamps and rejects the AWS colon-less offset', () => {
    expect(isoTimestampSchema.safeParse('2026-04-08T14:43:00.000Z').success).toBe(true);
    expect(isoTimestampSchema.safeParse('2026-04-08T14:43:00.000+00:00').success).toBe(true);
    expect(isoTimestampSchema.safeParse('2026-04-08T14:43:00.000+0000').success).toBe(false);
  });
});
