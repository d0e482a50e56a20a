import { describe, expect, it } from 'vitest';
import { correlate } from '../../../shared/analysis/correlate/findings.ts';
import { featureWord } from '../../../shared/analysis/report-build/feature-words.ts';
import { computeWindows } from '../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from '../analysis/mechanisms/builders.ts';

describe("the feature the root service's own lines name most", () => {
  it('is what it serves, not the housekeeping every server logs', () => {
    const events = byTime([
      ...spread('/ecs/promo-api', 58, 0, 600, (i) => `INFO GET /healthz 200 from probe ${i % 3}`),
      ...spread('/ecs/promo-api', 58, 0, 240, (i) => `INFO voucher V${i} redeemed`),
      ...spread('/ecs/promo-api', 58, 0, 120, () => 'INFO checkpoint complete, background saving done'),
      ...spread(
        '/ecs/promo-api',
        6,
        0,
        50,
        (i) => `ERROR redeem ${i} failed: java.lang.OutOfMemoryError: Java heap space`,
      ),
    ]);
    const f = correlate({ events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('promo-api');
    expect(featureWord(f)?.word).toBe('voucher');
  });
});
