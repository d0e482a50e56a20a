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

describe('a callee named only by a field of its callers’ structured lines', () => {
  /** The storefront's failure names the engine in a field; its message says only that pricing failed. */
  const failing = (fields: string) =>
    spread(
      '/eks/storefront',
      6.5,
      0,
      60,
      (i) => `{"level":"error","msg":"pricing failed","basket":${i},${fields}}`,
    );
  // The engine's own failures are logged from 36 s later (buffered, or only on retries).
  const engineOwn = spread(
    '/eks/promo-rules',
    5.9,
    0,
    40,
    (i) => `level=error msg="rule set 7 rejected" basket=${i} reason="bad rule"`,
  );
  const rootWith = (fields: string) =>
    correlate({ events: byTime([...routine(), ...failing(fields), ...engineOwn]) }, computeWindows(ALARM))
      .root?.service;

  it.each([['"peer.service":"promo-rules"'], ['"upstream":"promo-rules"'], ['"db":"promo-rules"']])(
    'is the origin when the field is %s',
    (fields) => {
      expect(rootWith(fields)).toBe('promo-rules');
    },
  );

  it('is not named by a field that says where the line came from', () => {
    expect(rootWith('"route":"POST /price"')).toBe('storefront');
    expect(rootWith('"hostname":"promo-rules"')).toBe('storefront');
  });
});
