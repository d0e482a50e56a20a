import { describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/domain/report.ts';
import { renderHtml, renderMarkdown } from '../../../shared/report/index.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';

const remembered = {
  ...d02Report(),
  frequency: { label: 'recurring', last30Days: 2, last90Days: 3 },
  similarIncidents: [
    {
      incidentId: 'INC-0a59a8a9',
      title: 'Memory exhaustion in payment-service',
      similarity: 0.92,
      faultClass: 'memory_exhaustion',
      rootCause: 'coupon cache without bound',
      occurredAt: '2026-03-01T10:00:00Z',
      resolution: 'rolled back <script>alert(1)</script> and capped the cache',
    },
  ],
} as Report;

describe('incident memory in the renderings', () => {
  it('shows the frequency label and what fixed similar incidents, escaped', () => {
    const html = renderHtml(remembered);
    expect(html).toContain('Recurring (2 similar in the last 30 days, 3 in the last 90 days).');
    expect(html).toContain('What fixed them');
    expect(html).toContain('rolled back &lt;script&gt;alert(1)&lt;/script&gt; and capped the cache');
    expect(html).not.toContain('<script>alert');
    const md = renderMarkdown(remembered);
    expect(md).toContain('**Frequency:** Recurring');
    expect(md).toContain('`INC-0a59a8a9`: rolled back');
  });

  it('says a first occurrence is new', () => {
    const html = renderHtml({
      ...d02Report(),
      frequency: { label: 'new', last30Days: 0, last90Days: 0 },
    } as Report);
    expect(html).toContain('New: no similar incident before');
  });
});
