/**
 * Telemetry benchmark: how long `analyzeTelemetry` takes on 25,000 spans and 10,000 datapoints,
 * against the log analysis of the same incident (d02 scaled to ~20,000 events), and on 100,000
 * spans (beyond the cap). Prints figures, asserts nothing.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../shared/analysis/analyze.ts';
import { analyzeTelemetry } from '../shared/analysis/telemetry/analyze-telemetry.ts';
import { alarmWindows } from '../shared/analysis/window.ts';
import { parseAlarmEvent } from '../shared/domain/alarm.ts';
import type { LogEvent } from '../shared/domain/log-event.ts';
import type {
  MetricDatapoint,
  Telemetry,
  TraceSegment,
  TraceSubsegment,
} from '../shared/domain/telemetry.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SERVICES = [
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

/** Traces of the tree, spread over [from, to), one segment per service with one client subsegment per call. */
function syntheticTraces(spans: number, from: number, to: number, slowFrom: number): TraceSegment[] {
  const out: TraceSegment[] = [];
  let n = 0;
  let made = 0;
  const perTrace = SERVICES.length + (SERVICES.length - 1);
  const count = Math.ceil(spans / perTrace);
  for (let k = 0; k < count; k++) {
    const start = from + ((to - from) * k) / count;
    const traceId = `1-${Math.floor(start / 1000)
      .toString(16)
      .padStart(8, '0')}-${k.toString(16).padStart(24, '0')}`;
    const segment = (i: number, parentId: string | undefined, t0: number): number => {
      const id = (++n).toString(16).padStart(16, '0');
      const self = (i === 4 && t0 >= slowFrom ? 60 : 4) * noise(n);
      let t = t0 + self / 2;
      const subsegments: TraceSubsegment[] = [];
      for (const c of callees(i)) {
        const subId = (++n).toString(16).padStart(16, '0');
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
  return out;
}

/** `points` datapoints over [from, to): per service, CPU, memory, latency p99 and request count, one a minute. */
function syntheticMetrics(points: number, from: number, to: number, slowFrom: number): MetricDatapoint[] {
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
  return out.slice(0, points);
}

/** CPU milliseconds of this process (user + system): on a shared machine wall time mostly measures the neighbours. */
function cpuMs(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/**
 * The best of `rounds` for each task after a warm-up, the tasks interleaved so a busy moment of
 * the machine weighs on all of them alike.
 */
function bestOf(tasks: Record<string, () => void>, rounds = 7): Record<string, number> {
  const best: Record<string, number> = {};
  for (const [name, fn] of Object.entries(tasks)) {
    fn();
    best[name] = Number.POSITIVE_INFINITY;
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(tasks)) best[name] = Math.min(best[name] as number, cpuMs(fn));
  }
  return best;
}

const input = new IncidentFolderSource(join(ROOT, 'examples', 'd02-coupon-cache-leak')).load();
const base = [...input.events];
const events: LogEvent[] = base.flatMap((e) =>
  Array.from({ length: 15 }, (_, k) => ({ ...e, timestamp: e.timestamp + k * 7 })),
);
const parsed = parseAlarmEvent(input.alarmEvent);
if (!parsed.ok) throw new Error(parsed.error);
const windows = alarmWindows(parsed.alarm.triggeredAt);
const slowFrom = windows.baselineEnd + 3 * 60_000;
const ctx = { windows, alarmMetric: [], logServices: SERVICES };

const telemetry: Telemetry = {
  metrics: syntheticMetrics(10_000, windows.baselineStart, windows.alarmAt, slowFrom),
  traces: syntheticTraces(25_000, windows.baselineStart, windows.alarmAt, slowFrom),
  notes: [],
};
const huge: Telemetry = {
  metrics: [],
  traces: syntheticTraces(100_000, windows.baselineStart, windows.alarmAt, slowFrom),
  notes: [],
};

const ms = bestOf({
  logOnly: () => analyzeIncident({ alarmEvent: input.alarmEvent, events }),
  withTelemetry: () => analyzeIncident({ alarmEvent: input.alarmEvent, events, telemetry }),
  telemetryAlone: () => analyzeTelemetry(telemetry, ctx),
});
const hugeAlone = bestOf({ huge: () => analyzeTelemetry(huge, ctx) }, 3).huge as number;
const logOnly = ms.logOnly as number;
const withTelemetry = ms.withTelemetry as number;
const telemetryAlone = ms.telemetryAlone as number;
const verdict = analyzeTelemetry(telemetry, ctx).services[0];
const spans = analyzeTelemetry(telemetry, ctx).stats;

console.log('telemetry analysis                                   size                   CPU ms');
console.log(
  `log analysis alone (d02 x15)                         ${String(events.length).padStart(6)} events       ${logOnly.toFixed(1).padStart(9)}`,
);
console.log(
  `log analysis with telemetry (as wired)               + telemetry below    ${withTelemetry.toFixed(1).padStart(9)}`,
);
console.log(
  `analyzeTelemetry alone                               ${spans.spans} spans, ${spans.datapoints} datapoints ${telemetryAlone.toFixed(1).padStart(6)}`,
);
console.log(
  `analyzeTelemetry on 100,000 spans (capped)           ${huge.traces.length} segments  ${hugeAlone.toFixed(1).padStart(9)}`,
);
console.log(
  `telemetry adds ${((100 * telemetryAlone) / logOnly).toFixed(1)}% to the log analysis (target: at most 20%); top origin ${verdict?.service} (${verdict?.faultHint?.faultClass})`,
);
