import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM_AT, traces, WINDOWS } from '../../telemetry/fixtures.ts';
import { ALARM, byTime, spread } from './builders.ts';

const window = computeWindows(ALARM);

/**
 * A fare calculator asks a promotions engine for each basket's discount. From 7 minutes before the
 * alarm the engine answers, as calmly as ever, discounts a hundred times too large; the calculator
 * rejects the totals they give and names the engine as their source.
 */
function wrongDiscounts(rejection: (i: number) => string, engineLogs = true) {
  return byTime([
    ...spread('/eks/fare-calc', 58, 0, 400, (i) => `INFO basket ${i} priced at ${20 + (i % 30)}.50 EUR`),
    ...(engineLogs
      ? spread('/eks/promo-engine', 58, 0, 400, (i) => `INFO evaluated code SPRING${i % 4} eligible=true`)
      : []),
    ...spread('/eks/fare-calc', 7, 0, 70, rejection),
  ]);
}

/** The calculator's rejection of an engine's answer, naming the engine. */
const rejected = (i: number) =>
  `ERROR basket ${i} not priced: promo-engine returned discount=900% for code SPRING1, total is negative`;

describe('a callee whose answers its caller rejects, while it logs nothing new', () => {
  it('is the origin its caller reports when the caller states no fault of its own', () => {
    const f = correlate(
      {
        events: wrongDiscounts(rejected),
      },
      window,
    );
    expect(f.root?.service).toBe('promo-engine');
    expect(f.classification.faultClass).toBe('other');
  });

  it('leaves the caller the origin when its own lines state a fault of its own', () => {
    const f = correlate(
      {
        events: wrongDiscounts(
          (i) =>
            `ERROR basket ${i} not priced after calling promo-engine: java.lang.OutOfMemoryError: Java heap space`,
        ),
      },
      window,
    );
    expect(f.root?.service).toBe('fare-calc');
  });

  it('leaves the caller the origin when its call got no answer to reject', () => {
    for (const unanswered of [
      (i: number) => `ERROR basket ${i} not priced: call to promo-engine timed out after 2000 ms`,
      (i: number) => `ERROR basket ${i} not priced: No instances available for promo-engine`,
    ]) {
      const f = correlate({ events: wrongDiscounts(unanswered) }, window);
      expect(f.root?.service).not.toBe('promo-engine');
    }
  });

  it('names no service that writes no logs to judge', () => {
    const f = correlate(
      {
        events: wrongDiscounts(rejected, false),
      },
      window,
    );
    expect(f.root?.service).not.toBe('promo-engine');
  });
});

describe('the traces of a caller that rejects what its callee answered', () => {
  // The shop of the telemetry fixtures: web calls api, api calls orders and users.
  const at = (minutesBefore: number) => ALARM_AT - minutesBefore * 60_000;
  const lines = (group: string, from: number, to: number, count: number, text: (i: number) => string) =>
    Array.from({ length: count }, (_, i) => ({
      logGroup: group,
      logStream: 'a',
      timestamp: Math.round(at(from - ((from - to) * i) / count)),
      message: text(i),
    }));

  it("hand the caller's failing spans on to the callee its lines say answered wrongly", () => {
    const events = [
      ...lines('/svc/api', 58, 0, 300, (i) => `INFO order view ${i} served`),
      ...lines('/svc/orders', 58, 0, 300, (i) => `INFO order ${i} loaded`),
      ...lines(
        '/svc/api',
        7,
        0,
        60,
        (i) => `ERROR order view ${i} refused: orders returned total=-${i} EUR, below zero`,
      ),
    ].sort((a, b) => a.timestamp - b.timestamp);
    const telemetry = {
      metrics: [],
      traces: [...traces(200, at(58), at(8), {}), ...traces(100, at(7), at(0), { fail: 'api' }, 1000)],
      notes: [],
    };
    const f = correlate({ events }, WINDOWS, [], telemetry);
    expect(f.root?.service).toBe('orders');
  });
});
