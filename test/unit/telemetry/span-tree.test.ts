import { describe, expect, it } from 'vitest';
import { SpanTreeWalker, type TreeCounts } from '../../../shared/analysis/telemetry/span-tree.ts';
import { buildSpans, FlatTrace } from '../../../shared/analysis/telemetry/spans.ts';
import type { TraceSegment } from '../../../shared/domain/telemetry.ts';
import { buildTrace } from './fixtures.ts';

interface SelfFact {
  service: string;
  operation: string;
  start: number;
  selfMs: number;
  failed: boolean;
}
interface CallFact {
  caller: string;
  callee: string;
  start: number;
  latencyMs: number;
  networkMs: number | null;
  failed: boolean;
}

function walk(docs: TraceSegment[]) {
  const built = buildSpans(docs);
  const facts = { self: [] as SelfFact[], calls: [] as CallFact[], failures: [] as { service: string }[] };
  const counts: TreeCounts = { orphans: 0, skewed: 0, unfinished: 0 };
  // One walker and one flat trace for all traces, as the aggregation uses them.
  const walker = new SpanTreeWalker();
  const flat = new FlatTrace();
  for (const spans of built.traces.values()) {
    walker.walk(
      flat.fill(spans),
      (s) => s,
      {
        self: (service, operation, start, selfMs, failed) =>
          facts.self.push({ service, operation, start, selfMs, failed }),
        call: (caller, callee, start, latencyMs, networkMs, failed) =>
          facts.calls.push({ caller, callee, start, latencyMs, networkMs, failed }),
        failure: (service) => facts.failures.push({ service }),
      },
      counts,
    );
  }
  return { facts, counts };
}

const T0 = Date.UTC(2026, 2, 1, 11, 0);

describe('the span tree of one trace', () => {
  it("gives each service its own time, without its children's", () => {
    const { facts } = walk(buildTrace(1, T0, { self: { orders: 40 } }));
    const orders = facts.self.find((f) => f.service === 'orders');
    expect(orders?.selfMs).toBeGreaterThan(35);
    expect(orders?.selfMs).toBeLessThan(45);
    const web = facts.self.find((f) => f.service === 'web');
    expect(web?.selfMs).toBeLessThan(6);
  });

  it("measures network time as the caller's client span minus the callee's segment", () => {
    const { facts } = walk(buildTrace(2, T0, { net: { users: 30 } }));
    const call = facts.calls.find((c) => c.caller === 'api' && c.callee === 'users');
    expect(call?.networkMs).toBeGreaterThan(25);
    expect(call?.networkMs).toBeLessThan(35);
    // The delay on the wire is in nobody's self time.
    expect(Math.max(...facts.self.map((f) => f.selfMs))).toBeLessThan(6);
  });

  it('sees a dependency without spans of its own through the remote subsegment that calls it', () => {
    const { facts } = walk(buildTrace(3, T0, { db: 50 }));
    const db = facts.self.find((f) => f.service === 'orders-db');
    expect(db?.selfMs).toBeGreaterThan(40);
    expect(
      facts.calls.some((c) => c.caller === 'orders' && c.callee === 'orders-db' && c.networkMs === null),
    ).toBe(true);
  });

  it("leaves database statements out of the service's own work", () => {
    const docs: TraceSegment[] = [
      {
        trace_id: '1-65a0b1c2-0000000000000000000000aa',
        id: 'p1',
        name: 'orders',
        start_time: 10,
        end_time: 10.05,
      },
      {
        trace_id: '1-65a0b1c2-0000000000000000000000aa',
        id: 'q1',
        parent_id: 'p1',
        name: 'orders',
        start_time: 10.01,
        end_time: 10.04,
        annotations: { operation: 'SELECT shop.orders' },
      },
    ];
    const { facts } = walk(docs);
    expect(facts.self.map((f) => f.operation)).toEqual(['orders']);
    expect(facts.self[0]?.selfMs).toBeCloseTo(20, 0);
  });

  it('places a failure in the deepest failing span', () => {
    const { facts } = walk(buildTrace(4, T0, { fail: 'users' }));
    expect(facts.failures.map((f) => f.service)).toEqual(['users']);
  });

  /** A checkout segment that fails, calling three services directly (segments as its children), none failing. */
  function fanOut(children: [string, number, number][], checkoutMs: number): TraceSegment[] {
    const s = T0 / 1000;
    return [
      {
        trace_id: '1-6a000000-0000000000000000000000f1',
        id: 'c0',
        name: 'checkout',
        start_time: s,
        end_time: s + checkoutMs / 1000,
        fault: true,
      },
      ...children.map(([name, from, to], i) => ({
        trace_id: '1-6a000000-0000000000000000000000f1',
        id: `k${i}`,
        parent_id: 'c0',
        name,
        start_time: s + from / 1000,
        end_time: s + to / 1000,
      })),
    ];
  }

  it('blames the call a failing span gave up waiting on, not its first healthy callee', () => {
    // checkout times out at 1000 ms while seats is still answering (it ends at 1900 ms).
    const { facts } = walk(
      fanOut(
        [
          ['stock', 2, 14],
          ['prices', 15, 25],
          ['seats', 26, 1900],
        ],
        1000,
      ),
    );
    expect(facts.failures.map((f) => f.service)).toEqual(['seats']);
  });

  it("does not count the back-off between a failed call and its retry as the caller's own work", () => {
    const s = T0 / 1000;
    const trace_id = '1-6a000000-0000000000000000000000f2';
    const call = (id: string, from: number, fault: boolean) => ({
      id,
      name: 'slots',
      namespace: 'remote',
      start_time: s + from,
      end_time: s + from + 0.01,
      ...(fault ? { fault: true } : {}),
    });
    // A failed call, 100 ms of back-off, then the retry, which fails again or succeeds.
    const walked = (retryFails: boolean) =>
      walk([
        {
          trace_id,
          id: 'c0',
          name: 'checkout',
          start_time: s,
          end_time: s + 0.13,
          subsegments: [call('s1', 0.005, true), call('s2', 0.115, retryFails)],
        },
        {
          trace_id,
          id: 'k1',
          parent_id: 's1',
          name: 'slots',
          start_time: s + 0.006,
          end_time: s + 0.014,
          fault: true,
        },
        { trace_id, id: 'k2', parent_id: 's2', name: 'slots', start_time: s + 0.116, end_time: s + 0.124 },
      ]).facts.self.filter((f) => f.service === 'checkout');
    expect(walked(true)).toEqual([]);
    // Without a failed call, the same gap is the service's own work.
    const healthy = walk([
      {
        trace_id,
        id: 'c0',
        name: 'checkout',
        start_time: s,
        end_time: s + 0.13,
        subsegments: [call('s1', 0.005, false), call('s2', 0.115, false)],
      },
      { trace_id, id: 'k1', parent_id: 's1', name: 'slots', start_time: s + 0.006, end_time: s + 0.014 },
      { trace_id, id: 'k2', parent_id: 's2', name: 'slots', start_time: s + 0.116, end_time: s + 0.124 },
    ]).facts.self.filter((f) => f.service === 'checkout');
    expect(healthy.reduce((ms, f) => ms + f.selfMs, 0)).toBeGreaterThan(100);
  });

  it('passes the blame down a callee that answered too late because it waited on its own callee', () => {
    const s = T0 / 1000;
    const trace_id = '1-6a000000-0000000000000000000000f3';
    // The app gives up on pricing after 2.5 s; pricing answers after 2.6 s, having waited 2.58 s
    // on its call to rates, whose own segment took 5 ms (the time went on the wire) or, when
    // `ratesSlow`, pricing's own work took the time.
    const chain = (pricingWaits: boolean) =>
      walk([
        {
          trace_id,
          id: 'a0',
          name: 'app',
          start_time: s,
          end_time: s + 2.51,
          fault: true,
          subsegments: [
            {
              id: 'a1',
              name: 'pricing',
              namespace: 'remote',
              start_time: s + 0.005,
              end_time: s + 2.505,
              fault: true,
            },
          ],
        },
        {
          trace_id,
          id: 'p0',
          parent_id: 'a1',
          name: 'pricing',
          start_time: s + 0.006,
          end_time: s + 2.606,
          subsegments: pricingWaits
            ? [{ id: 'p1', name: 'rates', namespace: 'remote', start_time: s + 0.01, end_time: s + 2.59 }]
            : [{ id: 'p1', name: 'rates', namespace: 'remote', start_time: s + 0.01, end_time: s + 0.02 }],
        },
        {
          trace_id,
          id: 'r0',
          parent_id: 'p1',
          name: 'rates',
          start_time: s + 0.012,
          end_time: s + 0.017,
        },
      ]).facts.failures.map((f) => f.service);
    expect(chain(true)).toEqual(['rates']);
    expect(chain(false)).toEqual(['pricing']);
  });

  it('blames the longest call when it took most of the failing span, and else the span itself', () => {
    const slow = walk(
      fanOut(
        [
          ['stock', 2, 14],
          ['seats', 15, 900],
        ],
        950,
      ),
    );
    expect(slow.facts.failures.map((f) => f.service)).toEqual(['seats']);
    const quick = walk(
      fanOut(
        [
          ['stock', 2, 14],
          ['seats', 15, 30],
        ],
        400,
      ),
    );
    expect(quick.facts.failures.map((f) => f.service)).toEqual(['checkout']);
  });

  it('counts clock skew and keeps network times from durations', () => {
    const { facts, counts } = walk(buildTrace(5, T0, { skew: { users: 500 }, net: { users: 4 } }));
    expect(counts.skewed).toBeGreaterThan(0);
    const call = facts.calls.find((c) => c.callee === 'users');
    expect(call?.networkMs).toBeGreaterThan(2);
    expect(call?.networkMs).toBeLessThan(6);
  });

  it("names an API Gateway stage's segment after its API, without the stage", () => {
    const stage: TraceSegment = {
      trace_id: '1-6a000001-000000000000000000000001',
      id: 'a1',
      name: 'fares-api/prod',
      origin: 'AWS::ApiGateway::Stage',
      start_time: T0 / 1000,
      end_time: T0 / 1000 + 0.2,
    };
    const other: TraceSegment = { ...stage, id: 'a2', name: 'reports/weekly', origin: 'AWS::ECS::Container' };
    const { facts } = walk([stage, other]);
    expect(facts.self.map((f) => f.service).sort()).toEqual(['fares-api', 'reports/weekly']);
  });

  it('keeps spans whose parent is missing as roots and counts them', () => {
    const docs = buildTrace(6, T0).map((d) =>
      d.name === 'orders' ? { ...d, parent_id: 'ffffffffffffffff' } : d,
    );
    const { facts, counts } = walk(docs);
    expect(counts.orphans).toBe(1);
    expect(facts.self.some((f) => f.service === 'orders')).toBe(true);
  });

  it('does not loop on parent cycles and counts unfinished spans', () => {
    const base = {
      trace_id: '1-65a0b1c2-00112233445566778899aabb',
      name: 'loop',
      start_time: 1,
      end_time: 2,
    };
    const docs: TraceSegment[] = [
      { ...base, id: 'a', parent_id: 'b', fault: true },
      { ...base, id: 'b', parent_id: 'a', fault: true },
      { ...base, id: 'c', end_time: undefined, in_progress: true },
    ];
    const { counts } = walk(docs);
    expect(counts.unfinished).toBe(1);
  });

  it('links long chains by id and finds a failure at their end, as in short ones', () => {
    for (const length of [6, 80]) {
      const docs: TraceSegment[] = Array.from({ length }, (_, i) => ({
        trace_id: '1-65a0b1c2-0123456789abcdef01234567',
        id: `hop${i}`,
        ...(i > 0 ? { parent_id: `hop${i - 1}` } : {}),
        name: `svc${i}`,
        start_time: 100 + i * 0.001,
        end_time: 101 - i * 0.001,
        fault: true,
      }));
      const { facts, counts } = walk(docs);
      expect(counts.orphans).toBe(0);
      expect(facts.failures.map((f) => f.service)).toEqual([`svc${length - 1}`]);
      expect(facts.calls).toHaveLength(length - 1);
      expect(facts.calls.find((c) => c.caller === 'svc0')?.networkMs).toBeCloseTo(2, 5);
    }
  });

  it('gives spans repeating an id the children that name it, whatever the size of the trace', () => {
    for (const padding of [0, 60]) {
      const trace_id = '1-65a0b1c2-0123456789abcdef0123aaaa';
      const docs: TraceSegment[] = [
        { trace_id, id: 'dup', name: 'api', start_time: 10, end_time: 10.1 },
        { trace_id, id: 'dup', name: 'api', start_time: 20, end_time: 20.1 },
        { trace_id, id: 'kid', parent_id: 'dup', name: 'api', start_time: 10.01, end_time: 10.09 },
        ...Array.from({ length: padding }, (_, i) => ({
          trace_id,
          id: `pad${i}`,
          name: 'api',
          start_time: 30,
          end_time: 30.001,
        })),
      ];
      const { facts, counts } = walk(docs);
      expect(counts.orphans).toBe(0);
      const own = facts.self.filter((f) => f.selfMs > 5).map((f) => Math.round(f.selfMs));
      // The first keeps 20 of its 100 ms; the second's child lies outside it, so it keeps all 100.
      expect(own).toEqual([20, 100, 80]);
    }
  });

  it('keeps whole traces up to the cap and counts what it left out', () => {
    const docs = [...buildTrace(7, T0), ...buildTrace(8, T0), ...buildTrace(9, T0)];
    const perTrace = buildSpans(buildTrace(7, T0)).spans;
    const built = buildSpans(docs, perTrace * 2);
    expect(built.traces.size).toBe(2);
    expect(built.tracesCapped).toBe(1);
    expect(built.capped).toBe(perTrace);
  });
});
