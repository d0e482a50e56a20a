/** Synthetic telemetry for the benchmarks: a call tree of ten services, traces and per-service metrics. */
import type { MetricDatapoint, TraceSegment, TraceSubsegment } from '../shared/domain/telemetry.ts';

export const SERVICES = [
  'edge',
  'api',
  'cart',
  'checkout',
  'payments',
  'inventory',
  'pricing',
  'users',
  'search',
  'ledger',
];
/** Each service calls the next two (a tree four levels deep). */
const callees = (i: number) => [2 * i + 1, 2 * i + 2].filter((c) => c < SERVICES.length);

function noise(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return 0.9 + 0.2 * (x - Math.floor(x));
}

/** Through JSON and back, as records read from a file or an AWS response are (flat strings, fresh objects). */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A deterministic id of `digits` random-looking hex digits, as X-Ray's ids are (not counters padded with zeros). */
function hexId(n: number, digits: number): string {
  let out = '';
  let x = n >>> 0;
  while (out.length < digits) {
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, digits);
}

/** Traces of the tree, spread over [from, to), one segment per service with one client subsegment per call. */
export function syntheticTraces(spans: number, from: number, to: number, slowFrom: number): TraceSegment[] {
  const out: TraceSegment[] = [];
  let n = 0;
  let made = 0;
  const perTrace = SERVICES.length + (SERVICES.length - 1);
  const count = Math.ceil(spans / perTrace);
  for (let k = 0; k < count; k++) {
    const start = from + ((to - from) * k) / count;
    const traceId = `1-${Math.floor(start / 1000)
      .toString(16)
      .padStart(8, '0')}-${hexId(k, 24)}`;
    const segment = (i: number, parentId: string | undefined, t0: number): number => {
      const id = hexId(++n, 16);
      const self = (i === 4 && t0 >= slowFrom ? 60 : 4) * noise(n);
      let t = t0 + self / 2;
      const subsegments: TraceSubsegment[] = [];
      for (const c of callees(i)) {
        const subId = hexId(++n, 16);
        const end = segment(c, subId, t + 0.5) + 0.5;
        subsegments.push({
          id: subId,
          name: SERVICES[c] as string,
          namespace: 'remote',
          start_time: t / 1000,
          end_time: end / 1000,
        });
        t = end;
      }
      const end = t + self / 2;
      out.push({
        trace_id: traceId,
        id,
        ...(parentId ? { parent_id: parentId } : {}),
        name: SERVICES[i] as string,
        start_time: t0 / 1000,
        end_time: end / 1000,
        subsegments,
      });
      made += 1 + subsegments.length;
      return end;
    };
    segment(0, undefined, start);
  }
  void made;
  return viaJson(out);
}

/** `points` datapoints over [from, to): per service, CPU, memory, latency p99 and request count, one a minute. */
export function syntheticMetrics(
  points: number,
  from: number,
  to: number,
  slowFrom: number,
): MetricDatapoint[] {
  const metrics = ['pod_cpu_utilization', 'pod_memory_utilization', 'Latency', 'RequestCount'];
  const seriesCount = SERVICES.length * metrics.length;
  const perSeries = Math.ceil(points / seriesCount);
  const step = (to - from) / perSeries;
  const out: MetricDatapoint[] = [];
  SERVICES.forEach((svc, s) => {
    metrics.forEach((metricName, m) => {
      for (let i = 0; i < perSeries; i++) {
        const at = Math.round(from + i * step);
        const hot = s === 4 && metricName === 'pod_cpu_utilization' && at >= slowFrom;
        out.push({
          namespace: m < 2 ? 'ContainerInsights' : 'ApplicationSignals',
          metricName,
          dimensions:
            m < 2 ? { ClusterName: 'bench', PodName: `${svc}-6d8f7c9b5-x${s}k2q` } : { Service: svc },
          stat: m === 2 ? 'p99' : 'Average',
          period: 60,
          unit: m < 2 ? 'Percent' : undefined,
          timestamp: at,
          value: hot ? 98 : 30 * noise(s * 1000 + m * 100 + i),
        });
      }
    });
  });
  return viaJson(out.slice(0, points));
}
