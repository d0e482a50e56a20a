import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from './builders.ts';

/** An hour of a storefront calling a rules engine. */
function routine() {
  return [
    ...spread(
      '/eks/storefront',
      58,
      0,
      300,
      (i) => `level=info msg="basket priced" basket=${i} took_ms=${30 + (i % 9)}`,
    ),
    ...spread('/eks/promo-rules', 58, 0, 300, (i) => `level=info msg="rules evaluated" basket=${i}`),
  ];
}

describe('a callee named only by the URL its callers call', () => {
  it('is the origin, not the caller that logged first', () => {
    const events = byTime([
      ...routine(),
      // The storefront's first failure lands a few seconds before the engine's own (clocks, buffering).
      ...spread(
        '/eks/storefront',
        6.1,
        0,
        60,
        (i) =>
          `level=error msg="pricing failed" basket=${i} upstream=http://promo-rules.shop.svc.cluster.local:8080/evaluate status=500`,
      ),
      ...spread(
        '/eks/promo-rules',
        6,
        0,
        60,
        (i) => `level=error msg="rule set 7 rejected" basket=${i} reason="bad rule"`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('promo-rules');
  });
});
