import { describe, expect, it } from 'vitest';
import { CONSOLE_CSS_TEXT, REPORT_TABLE_COLUMNS } from '../../../shared/console/console-style.ts';
import { renderHtml } from '../../../shared/report/html.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';

describe('the console stylesheet', () => {
  it('names the columns of every report table it reflows on a phone', () => {
    const labels = [
      ...renderHtml(d02Report()).matchAll(/class="table-scroll" role="region" aria-label="([^"]+)"/g),
    ].map((m) => m[1]);

    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(Object.keys(REPORT_TABLE_COLUMNS), label).toContain(label);
    expect(CONSOLE_CSS_TEXT).toContain(
      '.table-scroll[aria-label="Affected services"] td:nth-of-type(1)::before{content:"Role: "}',
    );
  });
});
