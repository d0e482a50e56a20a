import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import {
  failingLineTraceIds,
  tallyTraceJoin,
  traceJoinSupport,
  traceJoinVictims,
} from '../../../../shared/analysis/correlate/log-traces.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import type { Telemetry, TraceSegment } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

/**
 * A checkout service calls a ledger for every order. From ten minutes before the alarm the ledger
 * fails the calls; the checkout logs an error with the W3C trace id of each failed order, and the
 * ledger writes nothing about it.
 */

const FAILING = 20;

/** The 32-hex W3C id of trace `n` started at `at` (X-Ray's first 8 digits are its epoch seconds). */
function w3cId(n: number, at: number): string {
  return (
    Math.floor(at / 1000)
      .toString(16)
      .padStart(8, '0') + (0xabc000 + n).toString(16).padStart(24, '0')
  );
}

function xrayId(w3c: string): string {
  return `1-${w3c.slice(0, 8)}-${w3c.slice(8)}`;
}

/** One order: the checkout's segment with its call into the ledger, and the ledger's own segment. */
function order(n: number, at: number, ledgerFails: boolean): TraceSegment[] {
  const traceId = xrayId(w3cId(n, at));
  const s = at / 1000;
  const hex = (k: number) => (n * 4 + k).toString(16).padStart(16, '0');
  const failed = ledgerFails ? { fault: true, http: { response: { status: 500 } } } : {};
  return [
    {
      trace_id: traceId,
      id: hex(1),
      name: 'checkout',
      start_time: s,
      end_time: s + 0.05,
      ...failed,
      subsegments: [
        {
          id: hex(2),
          name: 'ledger',
          namespace: 'remote',
          start_time: s + 0.01,
          end_time: s + 0.04,
          ...(ledgerFails ? { fault: true } : {}),
        },
      ],
    },
    {
      trace_id: traceId,
      id: hex(3),
      parent_id: hex(2),
      name: 'ledger',
      start_time: s + 0.012,
      end_time: s + 0.038,
      ...failed,
    },
  ];
}

function failingAt(i: number): number {
  return ALARM - (10 - i * 0.45) * MIN;
}

/** The orders; `spansMarkFailure` false: the failed orders' spans say nothing of it (no fault, no status). */
function telemetry(spansMarkFailure = true): Telemetry {
  const healthy = Array.from({ length: 40 }, (_, i) => order(i, ALARM - (58 - i) * MIN, false)).flat();
  const failing = Array.from({ length: FAILING }, (_, i) =>
    order(100 + i, failingAt(i), spansMarkFailure),
  ).flat();
  return { metrics: [], traces: [...healthy, ...failing], notes: [] };
}

function routine(): LogEvent[] {
  return [
    ...spread('/svc/checkout', 58, 0, 240, (i) => `INFO order ${i} placed`),
    ...spread('/svc/ledger', 58, 0, 240, (i) => `INFO entry ${i} booked`),
  ];
}

/** The checkout's error line for failed order i, carrying W3C trace id `id` as OpenTelemetry's log fields print it. */
function checkoutErrors(id: (i: number) => string): LogEvent[] {
  return Array.from({ length: FAILING }, (_, i) =>
    line(
      '/svc/checkout',
      (ALARM - failingAt(i)) / MIN - 0.001,
      `ERROR order ${i} not placed: booking call returned 500 trace_id=${id(i)} span_id=00f067aa0ba902b7`,
    ),
  );
}

function analyze(events: LogEvent[], spansMarkFailure = true) {
  return correlate({ events: byTime(events) }, computeWindows(ALARM), [], telemetry(spansMarkFailure));
}

describe('trace ids printed in failing log lines, joined to the failed traces', () => {
  it('name the service where the traces failed first as the origin and its caller as a victim', () => {
    const joined = analyze([...routine(), ...checkoutErrors((i) => w3cId(100 + i, failingAt(i)))]);
    const step = joined.trail.steps.find((s) => s.title === 'join_log_traces: ok');
    expect(step?.detail).toContain('20 error lines of checkout carry traces that failed first in ledger');
    expect(joined.root?.service).toBe('ledger');
    expect(joined.inconclusive).toBe(false);

    // The same errors with ids of no recorded trace: the join adds nothing, so it is what moved the ranking.
    const unjoined = analyze([...routine(), ...checkoutErrors((i) => w3cId(900 + i, failingAt(i)))]);
    const fused = (f: typeof joined, service: string) =>
      f.trail.steps
        .find((s) => s.title === 'fuse_origin_candidates: ok')
        ?.detail.match(new RegExp(`${service}: ([0-9.]+)`))?.[1];
    expect(Number(fused(joined, 'ledger'))).toBeGreaterThan(Number(fused(unjoined, 'ledger')));
    expect(Number(fused(joined, 'checkout'))).toBeLessThan(Number(fused(unjoined, 'checkout')));
  });

  it('place the failing lines on the call graph when the spans mark no failure', () => {
    // The ledger writes its errors a few seconds after the checkout's (it logs on completion), so
    // the order of the lines alone points at the checkout; the traces say the checkout calls it.
    const ledgerErrors = Array.from({ length: FAILING }, (_, i) =>
      line(
        '/svc/ledger',
        (ALARM - failingAt(i)) / MIN - 0.05,
        `ERROR entry for order ${i} rejected: balance row locked trace_id=${w3cId(100 + i, failingAt(i))}`,
      ),
    );
    const f = analyze(
      [...routine(), ...checkoutErrors((i) => w3cId(100 + i, failingAt(i))), ...ledgerErrors],
      false,
    );
    const step = f.trail.steps.find((s) => s.title === 'join_log_traces: ok');
    expect(step?.detail).toContain('20 error lines of checkout carry traces that failed first in ledger');
    expect(f.root?.service).toBe('ledger');
  });

  it('change nothing when the ids match no failed trace', () => {
    const strangers = analyze([...routine(), ...checkoutErrors((i) => w3cId(900 + i, failingAt(i)))]);
    const without = analyze([...routine(), ...checkoutErrors(() => 'none').map(dropTraceId)]);
    expect(strangers.trail.steps.some((s) => s.title === 'join_log_traces: empty')).toBe(true);
    expect(without.trail.steps.some((s) => s.title.startsWith('join_log_traces'))).toBe(false);
    expect(strangers.root?.service).toBe(without.root?.service);
    expect(strangers.confidence).toBe(without.confidence);
    const ranking = (f: typeof strangers) =>
      f.trail.steps.find((s) => s.title === 'fuse_origin_candidates: ok')?.detail;
    expect(ranking(strangers)).toBe(ranking(without));
  });
});

function dropTraceId(e: LogEvent): LogEvent {
  return { ...e, message: e.message.replace(/ trace_id=\S+/, '') };
}

describe('the join of failing lines to failed traces', () => {
  const origins = [
    { traceId: '1-5f000000-000000000000000000000001', service: 'ledger' },
    { traceId: '1-5f000000-000000000000000000000002', service: 'ledger' },
    { traceId: '1-5f000000-000000000000000000000003', service: 'checkout' },
  ];

  it('reads X-Ray and W3C ids beside failures and counts each service and trace once', () => {
    const hops = new Map([
      ['5f000000000000000000000000000001', new Map([['checkout', 1]])],
      [
        '1-5f000000-000000000000000000000002',
        new Map([
          ['checkout', 2],
          ['cart', 3],
        ]),
      ],
      ['1-5F000000-000000000000000000000002', new Map([['checkout', 4]])],
      ['5f000000000000000000000000000003', new Map([['checkout', 5]])],
      ['order-77', new Map([['checkout', 6]])],
    ]);
    const join = tallyTraceJoin(
      failingLineTraceIds(new Map(), hops, () => true),
      origins,
    );
    expect(join.withIds).toBe(4);
    expect(join.matched).toBe(4);
    expect(join.origins.map((o) => [o.service, o.lines, Object.fromEntries(o.from)])).toEqual([
      ['ledger', 3, { checkout: 2, cart: 1 }],
      ['checkout', 1, { checkout: 1 }],
    ]);
    // Four lines are too few to count fully; the caller's lines point elsewhere two times in three.
    expect(traceJoinSupport(join).get('ledger')).toBeCloseTo(0.3);
    expect(traceJoinVictims(join).get('checkout')).toBeCloseTo((2 / 3) * 0.3);
    expect(traceJoinVictims(join).has('ledger')).toBe(false);
  });

  it('stops reading past its bound of ids', () => {
    const hops = new Map(
      Array.from({ length: 30_000 }, (_, i) => [
        `5f000000${i.toString(16).padStart(24, '0')}`,
        new Map([['checkout', i]]),
      ]),
    );
    const ids = failingLineTraceIds(new Map(), hops, () => true);
    expect(ids.ids.get('checkout')?.size).toBeLessThan(30_000);
  });
});
