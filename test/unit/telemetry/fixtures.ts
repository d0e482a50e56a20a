import { computeWindows, type Windows } from '../../../shared/analysis/window.ts';
import type { MetricDatapoint, TraceSegment, TraceSubsegment } from '../../../shared/domain/telemetry.ts';

/** A small shop: web calls api; api calls orders then users; orders queries a database without spans. */
export const TOPOLOGY: Record<string, string[]> = {
  web: ['api'],
  api: ['orders', 'users'],
  orders: [],
  users: [],
};

export const ALARM_AT = Date.UTC(2026, 2, 1, 12, 0, 0);
/** Baseline 11:00-11:45, incident 11:45-12:10. */
export const WINDOWS: Windows = computeWindows(ALARM_AT);
export const INCIDENT_START = WINDOWS.baselineEnd;

/** Deterministic jitter in [1 - spread, 1 + spread]. */
export function jitter(seed: number, spread = 0.1): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return 1 + spread * (2 * (x - Math.floor(x)) - 1);
}

export interface Knobs {
  /** Own work per service (ms); default 5. */
  self?: Record<string, number>;
  /** Time on the wire of calls into a service (ms); default 1. */
  net?: Record<string, number>;
  /** The service where a failure begins (its callers fail too). */
  fail?: string;
  /** Milliseconds the callee's clock runs ahead of its caller's. */
  skew?: Record<string, number>;
  /** Time the database query takes (ms); default 3. */
  db?: number;
}

/** One trace as X-Ray writes it: a segment per service, client subsegments for calls, a remote subsegment for SQL. */
export function buildTrace(n: number, startMs: number, knobs: Knobs = {}): TraceSegment[] {
  const traceId = `1-${Math.floor(startMs / 1000)
    .toString(16)
    .padStart(8, '0')}-${n.toString(16).padStart(24, '0')}`;
  const docs: TraceSegment[] = [];
  let counter = 0;
  const nextId = () => (n * 64 + ++counter).toString(16).padStart(16, '0');
  const failing = new Set<string>();
  if (knobs.fail) {
    failing.add(knobs.fail);
    let changed = true;
    while (changed) {
      changed = false;
      for (const [caller, callees] of Object.entries(TOPOLOGY)) {
        if (!failing.has(caller) && callees.some((c) => failing.has(c))) {
          failing.add(caller);
          changed = true;
        }
      }
    }
  }
  const segment = (service: string, parentId: string | undefined, start: number): number => {
    const id = nextId();
    const self = (knobs.self?.[service] ?? 5) * jitter(n * 7 + service.length);
    let t = start + self / 2;
    const subsegments: TraceSubsegment[] = [];
    for (const callee of TOPOLOGY[service] ?? []) {
      const subId = nextId();
      const net = (knobs.net?.[callee] ?? 1) * jitter(n * 13 + callee.length);
      const calleeEnd = segment(callee, subId, t + net / 2);
      const end = calleeEnd + net / 2;
      subsegments.push({
        id: subId,
        name: callee,
        namespace: 'remote',
        start_time: t / 1000,
        end_time: end / 1000,
        ...(failing.has(callee) ? { fault: true } : {}),
      });
      t = end;
    }
    if (service === 'orders') {
      const q = (knobs.db ?? 3) * jitter(n * 17);
      subsegments.push({
        id: nextId(),
        name: 'orders-db',
        namespace: 'remote',
        start_time: t / 1000,
        end_time: (t + q) / 1000,
      });
      t += q;
    }
    const end = t + self / 2;
    const skew = knobs.skew?.[service] ?? 0;
    docs.push({
      trace_id: traceId,
      id,
      ...(parentId ? { parent_id: parentId } : {}),
      name: service,
      start_time: (start + skew) / 1000,
      end_time: (end + skew) / 1000,
      ...(failing.has(service) ? { fault: true, http: { response: { status: 500 } } } : {}),
      subsegments,
    });
    return end;
  };
  segment('web', undefined, startMs);
  return docs;
}

/** `count` traces spread evenly over [from, to). */
export function traces(
  count: number,
  from: number,
  to: number,
  knobs: Knobs = {},
  firstId = 0,
): TraceSegment[] {
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, i) => buildTrace(firstId + i, from + i * step, knobs)).flat();
}

/** One datapoint a minute over [from, to) of `value(at)`. */
export function series(
  identity: Pick<MetricDatapoint, 'namespace' | 'metricName' | 'dimensions'> & Partial<MetricDatapoint>,
  from: number,
  to: number,
  value: (at: number, i: number) => number,
): MetricDatapoint[] {
  const out: MetricDatapoint[] = [];
  for (let at = from, i = 0; at < to; at += 60_000, i++) {
    out.push({ stat: 'Average', period: 60, ...identity, timestamp: at, value: value(at, i) });
  }
  return out;
}
