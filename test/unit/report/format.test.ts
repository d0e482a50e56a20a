import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../shared/report/escape.ts';
import {
  formatCount,
  formatDuration,
  formatMilliseconds,
  formatPercent,
  formatUtc,
  truncateText,
} from '../../../shared/report/format.ts';
import { cutToUtf8Bytes, utf8Length } from '../../../shared/report/utf8.ts';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('payment-service → 503 · café')).toBe('payment-service → 503 · café');
  });
});

describe('format helpers', () => {
  it('shows a 0..1 score as a whole percentage', () => {
    expect(formatPercent(0.86)).toBe('86%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.784)).toBe('78%');
  });

  it('shows ISO timestamps in UTC, whatever their offset', () => {
    expect(formatUtc('2026-04-08T14:34:00.869Z')).toBe('2026-04-08 14:34:00 UTC');
    expect(formatUtc('2026-04-08T16:34:00+02:00')).toBe('2026-04-08 14:34:00 UTC');
    expect(formatUtc('not a time')).toBe('not a time');
  });

  it('shows durations as minutes and zero-padded seconds', () => {
    expect(formatDuration(245)).toBe('4m 05s');
    expect(formatDuration(539)).toBe('8m 59s');
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3723)).toBe('1h 02m 03s');
    expect(formatMilliseconds(412)).toBe('412 ms');
    expect(formatMilliseconds(65_000)).toBe('1m 05s');
  });

  it('groups thousands and truncates with an ellipsis', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(999)).toBe('999');
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 4)).toBe('abc');
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
  });

  it('measures and cuts UTF-8 without splitting characters', () => {
    expect(utf8Length('aé☕😀')).toBe(1 + 2 + 3 + 4);
    expect(cutToUtf8Bytes('aé☕😀', 5)).toBe('aé');
    expect(cutToUtf8Bytes('aé☕😀', 6)).toBe('aé☕');
  });
});
