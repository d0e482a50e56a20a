import { describe, expect, it } from 'vitest';
import { collectEvents, type PatternStat } from '../../../shared/analysis/collect/index.ts';
import { findAnomalies } from '../../../shared/analysis/correlate/anomalies.ts';
import { correlate } from '../../../shared/analysis/correlate/findings.ts';
import { chanceOfExcess } from '../../../shared/analysis/correlate/rate-excess.ts';
import { serviceTraffic, trafficRatio } from '../../../shared/analysis/correlate/traffic.ts';
import { computeWindows } from '../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';

const ALARM = Date.parse('2026-05-24T12:00:00Z');
const MIN = 60_000;
const windows = computeWindows(ALARM);

function ev(logGroup: string, minutesBeforeAlarm: number, message: string): LogEvent {
  return { logGroup, logStream: 's', timestamp: ALARM - minutesBeforeAlarm * MIN, message };
}

/**
 * A cart service serving `requests` requests a minute, one in ten answered with an empty-cart
 * warning unless `warnEvery` says otherwise, over the minutes [from, to) before the alarm.
 */
function cartTraffic(from: number, to: number, requests: number, warnEvery = 10): LogEvent[] {
  const events: LogEvent[] = [];
  for (let m = from; m > to; m -= 1) {
    for (let i = 0; i < requests; i++) {
      const at = m - i / requests;
      events.push(ev('/ecs/cart-api', at, `INFO GET /cart/${i} 200 12ms`));
      if (i % warnEvery === 0)
        events.push(ev('/ecs/cart-api', at, `WARN cart ${i} is empty for customer ${i}`));
    }
  }
  return events;
}

function anomaliesOf(events: LogEvent[]) {
  return findAnomalies(collectEvents(events, windows), windows);
}

const isCart = (p: PatternStat) => p.service === 'cart-api';

describe('spikes against the service traffic', () => {
  it('takes a warning that rises only with its service load for noise', () => {
    // Five times the requests in the incident window, the same share of them warned about.
    const a = anomaliesOf([...cartTraffic(55, 15, 10), ...cartTraffic(15, 0, 50)]);
    expect(a.anomalies.filter((x) => isCart(x.pattern))).toEqual([]);
    expect(a.proportional.filter(isCart)).toHaveLength(1);
    expect(a.noise).toEqual(expect.arrayContaining(a.proportional));
  });

  it('takes for noise a warning whose baseline data covers only part of its window', () => {
    // The baseline data starts 40 min before the alarm but holds lines for only 5 of the 25 min
    // up to the incident window (a gap in the data, not a quiet system): per minute the warning
    // seems to rise fivefold, per request it does not.
    const a = anomaliesOf([...cartTraffic(40, 35, 10), ...cartTraffic(15, 0, 10)]);
    expect(a.anomalies.filter((x) => isCart(x.pattern))).toEqual([]);
    expect(a.proportional.filter(isCart)).toHaveLength(1);
  });

  it('keeps a warning that rises against steady traffic', () => {
    // The same requests a minute; every second one warned about instead of one in ten.
    const a = anomaliesOf([...cartTraffic(55, 15, 10), ...cartTraffic(15, 0, 10, 2)]);
    const spike = a.anomalies.find((x) => isCart(x.pattern));
    expect(spike?.isNew).toBe(false);
    expect(spike?.ratio).toBeGreaterThanOrEqual(3);
    expect(a.proportional).toEqual([]);
  });

  it('keeps a warning that rises while its service serves fewer requests', () => {
    const events = cartTraffic(55, 15, 10);
    for (let m = 15; m > 0; m -= 0.1)
      events.push(ev('/ecs/cart-api', m, 'WARN cart 7 is empty for customer 7'));
    for (let m = 15; m > 0; m -= 1) events.push(ev('/ecs/cart-api', m, 'INFO GET /cart/1 200 950ms'));
    const spike = anomaliesOf(events).anomalies.find((x) => isCart(x.pattern));
    expect(spike?.isNew).toBe(false);
  });

  it('does not count the lines the incident brings as traffic', () => {
    // Steady requests; the warning rises fivefold, and each warned request also logs a retry
    // notice the baseline never held: the retries are the incident, not more load.
    const events = [...cartTraffic(55, 15, 10), ...cartTraffic(15, 0, 10, 2)];
    for (let m = 15; m > 0; m -= 0.02)
      events.push(ev('/ecs/cart-api', m, 'INFO retrying cart fetch (attempt 2)'));
    const spike = anomaliesOf(events).anomalies.find((x) => isCart(x.pattern));
    expect(spike?.isNew).toBe(false);
  });

  it('keeps the per-minute verdict for a service that logs nothing but its errors', () => {
    const events: LogEvent[] = [];
    for (let m = 55; m > 15; m -= 2)
      events.push(ev('/ecs/mailer', m, 'ERROR bounce: 550 mailbox unavailable'));
    for (let m = 15; m > 0; m -= 0.2)
      events.push(ev('/ecs/mailer', m, 'ERROR bounce: 550 mailbox unavailable'));
    const a = anomaliesOf(events);
    expect(a.anomalies.map((x) => x.pattern.service)).toEqual(['mailer']);
    expect(a.proportional).toEqual([]);
  });

  it('does not let a load-driven warning outrank the service that fails', () => {
    const events = [...cartTraffic(55, 15, 10), ...cartTraffic(15, 0, 50)];
    for (let m = 55; m > 0; m -= 0.5) events.push(ev('/ecs/pricing-api', m, 'INFO GET /price/42 200 8ms'));
    for (let m = 6; m > 0; m -= 0.25)
      events.push(
        ev('/ecs/pricing-api', m, 'ERROR price lookup failed: connection refused to postgres:5432'),
      );
    const f = correlate({ events: events }, windows);
    expect(f.root?.service).toBe('pricing-api');
    expect(f.affected.map((x) => x.service)).not.toContain('cart-api');
  });
});

describe('spikes against chance', () => {
  /** A rare warning of a service that logs nothing else: `baseline` of them over the 40 min before the incident window, `incident` in its 15. */
  function rare(baseline: number, incident: number): LogEvent[] {
    const events: LogEvent[] = [];
    for (let i = 0; i < baseline; i++)
      events.push(ev('/ecs/search-api', 55 - (i * 40) / baseline, `WARN slow query took ${1200 + i}ms`));
    for (let i = 0; i < incident; i++)
      events.push(ev('/ecs/search-api', 14 - (i * 14) / incident, `WARN slow query took ${1300 + i}ms`));
    return events;
  }

  it('takes a few more lines of a rare warning for noise, though their rate is three times the baseline', () => {
    // 3 in 40 min, then 4 in 15: over three times the rate, and what chance alone gives about one time in ten.
    const a = anomaliesOf(rare(3, 4));
    expect(a.anomalies).toEqual([]);
    expect(a.noise.map((p) => p.service)).toEqual(['search-api']);
  });

  it('keeps a rise that chance does not explain', () => {
    const a = anomaliesOf(rare(3, 15));
    expect(a.anomalies.map((x) => [x.pattern.service, x.isNew])).toEqual([['search-api', false]]);
  });
});

describe('chanceOfExcess', () => {
  it('is the binomial upper tail of the lines falling in the incident window', () => {
    // 4 of 7 lines in a window holding a quarter of the time: 0.0706 (sum of C(7,k) 0.25^k 0.75^(7-k), k >= 4).
    expect(chanceOfExcess(4, 3, 0.25)).toBeCloseTo(0.0706, 4);
    expect(chanceOfExcess(3, 0, 0.25)).toBeCloseTo(0.25 ** 3, 10);
  });

  it('is 1 when the incident holds no more than its share, and tiny for a large excess', () => {
    expect(chanceOfExcess(2, 8, 0.25)).toBe(1);
    expect(chanceOfExcess(0, 0, 0.5)).toBe(1);
    expect(chanceOfExcess(3000, 1000, 0.25)).toBeLessThan(1e-100);
    expect(chanceOfExcess(400, 1000, 0.25)).toBeGreaterThan(1e-4);
    expect(chanceOfExcess(400, 1000, 0.25)).toBeLessThan(0.01);
  });
});

describe('serviceTraffic and trafficRatio', () => {
  it('counts only routine lines, and has no ratio without traffic in both windows', () => {
    const collected = collectEvents([...cartTraffic(40, 35, 10), ...cartTraffic(15, 0, 10)], windows);
    const traffic = serviceTraffic(collected.patterns).get('cart-api');
    expect(traffic).toEqual({ baseline: 50, incident: 150 });
    const warn = collected.patterns.find((p) => p.errorLike && isCart(p));
    expect(warn).toBeDefined();
    if (!warn) return;
    expect(trafficRatio(warn, traffic)).toBeCloseTo(1, 5);
    expect(trafficRatio(warn, { baseline: 0, incident: 150 })).toBeNull();
    expect(trafficRatio(warn, undefined)).toBeNull();
  });
});
