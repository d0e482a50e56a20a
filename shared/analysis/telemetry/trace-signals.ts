import { formatMs } from './format.ts';
import { COMMON_MODE_MIN } from './metric-movement.ts';
import { median, robustShift } from './robust-stats.ts';
import { sample, sampledAt, sampledLength } from './sample.ts';
import type { Split, TraceAggregate } from './trace-stats.ts';
import type { TelemetryEvidence } from './types.ts';

/** Fewer samples than this in the baseline of an operation or edge: no baseline to compare with. */
export const MIN_BASELINE_SAMPLES = 5;
/** Fewer incident samples than this for a service: no verdict. */
export const MIN_INCIDENT_SAMPLES = 5;
const RISE_Z = 3;
const RISE_RATIO = 1.3;
/** Rises smaller than this (ms) are jitter whatever their ratio. */
const MIN_RISE_MS = { self: 1, network: 2, latency: 5 } as const;
/** Self and network times are normalised by baselines of at least this (ms). */
const FLOOR_MS = 0.5;

/** A rise of one service's time against its own baseline, pooled over its operations or edges. */
export interface Rise {
  /** Incident over baseline median of the normalised times. */
  ratio: number;
  z: number;
  baselineMs: number;
  incidentMs: number;
  samples: number;
  /** The busiest operation or edge that rose, for the detail. */
  example: string;
}

/** One operation's or edge's samples in a pool, with the baseline median that normalises them. */
interface PoolPart {
  values: Split<number>;
  baselineMedian: number;
}

/** Samples pooled over a service's operations or edges; the arrays are built once, at their size, when tested. */
interface Pool {
  parts: PoolPart[];
  baseCount: number;
  incCount: number;
  examples: { name: string; count: number; ratio: number }[];
  /** Incident values before sampling. */
  total: number;
}

function newPool(): Pool {
  return { parts: [], baseCount: 0, incCount: 0, examples: [], total: 0 };
}

/** Adds one operation's or edge's samples, each normalised by that key's own baseline median. */
function addToPool(
  pool: Pool,
  name: string,
  values: Split<number>,
  minBaseline = MIN_BASELINE_SAMPLES,
): void {
  if (values.baseline.length < minBaseline || values.incident.length === 0) return;
  const b = Math.max(FLOOR_MS, median(sample(values.baseline)));
  pool.parts.push({ values, baselineMedian: b });
  pool.baseCount += sampledLength(values.baseline.length);
  pool.incCount += sampledLength(values.incident.length);
  pool.examples.push({ name, count: values.incident.length, ratio: median(sample(values.incident)) / b });
  pool.total += values.incident.length;
}

/** The pool's sampled values of one window, raw and normalised. */
function poolValues(pool: Pool, window: 'baseline' | 'incident'): { raw: Float64Array; norm: Float64Array } {
  const size = window === 'baseline' ? pool.baseCount : pool.incCount;
  const raw = new Float64Array(size);
  const norm = new Float64Array(size);
  let w = 0;
  for (const part of pool.parts) {
    const values = part.values[window];
    const n = sampledLength(values.length);
    for (let i = 0; i < n; i++, w++) {
      const v = sampledAt(values, i);
      raw[w] = v;
      norm[w] = v / part.baselineMedian;
    }
  }
  return { raw, norm };
}

function riseOf(pool: Pool, minRiseMs: number, minSamples = MIN_INCIDENT_SAMPLES): Rise | null {
  if (pool.incCount < minSamples) return null;
  const base = poolValues(pool, 'baseline');
  const inc = poolValues(pool, 'incident');
  const shift = robustShift(base.norm, inc.norm, 0.1);
  if (!shift) return null;
  const baselineMs = median(base.raw);
  const incidentMs = median(inc.raw);
  const ratio = shift.incidentMedian / Math.max(shift.baselineMedian, 1e-9);
  if (shift.z < RISE_Z || ratio < RISE_RATIO || incidentMs - baselineMs < minRiseMs) return null;
  const example = [...pool.examples].sort((a, b) => b.ratio - a.ratio || b.count - a.count)[0];
  return {
    ratio,
    z: shift.z,
    baselineMs,
    incidentMs,
    samples: pool.total,
    example: example?.name ?? '',
  };
}

/** 0..1 from how far and how surely a time rose. */
function riseStrength(r: Rise): number {
  const bySize = Math.min(1, Math.log2(r.ratio) / 2);
  const bySureness = Math.min(1, (r.z - RISE_Z) / 7 + 0.3);
  return Math.round((0.25 + 0.75 * bySize * bySureness) * 1000) / 1000;
}

export interface ServiceTraceSignals {
  selfTime: Rise | null;
  /** Network time rose on calls touching this service (into it or out of it), and it is their common end. */
  network: NetworkEnd | null;
  /** Client-observed latency of calls into the service (a symptom: victims share it). */
  latencyIn: Rise | null;
  errors: { baselineShare: number; incidentShare: number; incident: number } | null;
  evidence: TelemetryEvidence[];
}

/** Per service: did its own work, the network into it, or the failures beginning in it rise? */
export function traceSignals(agg: TraceAggregate, splitAt: number): Map<string, ServiceTraceSignals> {
  const self = new Map<string, Pool>();
  const latIn = new Map<string, Pool>();
  const spans = new Map<string, { baseline: number; incident: number }>();
  const pool = (m: Map<string, Pool>, k: string) => {
    let p = m.get(k);
    if (!p) {
      p = newPool();
      m.set(k, p);
    }
    return p;
  };
  for (const op of agg.operations.values()) {
    addToPool(pool(self, op.service), op.operation, op.selfMs);
    const c = spans.get(op.service) ?? { baseline: 0, incident: 0 };
    c.baseline += op.selfMs.baseline.length;
    c.incident += op.selfMs.incident.length;
    spans.set(op.service, c);
  }
  for (const e of agg.edges.values()) {
    addToPool(pool(latIn, e.callee), `${e.caller} -> ${e.callee}`, e.latencyMs);
  }
  const network = networkEnds(agg);
  const services = new Set([...self.keys(), ...latIn.keys(), ...agg.failureOrigins.keys()]);
  const out = new Map<string, ServiceTraceSignals>();
  const selfRises = new Map<string, Rise>();
  for (const service of services) {
    const r = riseOf(self.get(service) ?? newPool(), MIN_RISE_MS.self);
    if (r) selfRises.set(service, r);
  }
  // Own work rising in many services at once is load or something shared, not one origin.
  const selfCommon = selfRises.size >= COMMON_MODE_MIN ? 1 / Math.sqrt(selfRises.size) : 1;
  for (const service of [...services].sort()) {
    const selfTime = selfRises.get(service) ?? null;
    const net = network.get(service) ?? null;
    const latencyIn = riseOf(latIn.get(service) ?? newPool(), MIN_RISE_MS.latency);
    const errors = errorRise(agg.failureOrigins.get(service), spans.get(service));
    const evidence: TelemetryEvidence[] = [];
    if (selfTime) {
      evidence.push({
        kind: 'trace',
        tool: 'trace-self-time',
        detail: `self time ×${selfTime.ratio.toFixed(1)} against its baseline (median ${formatMs(selfTime.baselineMs)} -> ${formatMs(selfTime.incidentMs)} over ${selfTime.samples} spans; most in ${selfTime.example})`,
        strength: Math.round(riseStrength(selfTime) * selfCommon * 1000) / 1000,
        at: splitAt,
      });
    }
    if (net) {
      const where = net.outOf === 0 ? 'into it' : net.into === 0 ? 'out of it' : 'into and out of it';
      evidence.push({
        kind: 'trace',
        tool: 'trace-network-time',
        detail: `network time of calls ${where} ×${net.rise.ratio.toFixed(1)} (median ${formatMs(net.rise.baselineMs)} -> ${formatMs(net.rise.incidentMs)} over ${net.rise.samples} calls; ${net.into + net.outOf} of the edges whose network time rose point at it (${Math.round(net.share * 100)}% of the rise); most on ${net.rise.example})`,
        strength: Math.round(riseStrength(net.rise) * Math.sqrt(net.share) * 1000) / 1000,
        at: splitAt,
      });
    }
    if (errors) {
      evidence.push({
        kind: 'trace',
        tool: 'trace-errors',
        detail: `failures beginning in it: ${(errors.incidentShare * 100).toFixed(1)}% of its spans (baseline ${(errors.baselineShare * 100).toFixed(1)}%, ${errors.incident} failing spans with no failing span below them)`,
        strength: Math.round(Math.min(0.95, 0.4 + errors.incidentShare) * 1000) / 1000,
        at: splitAt,
      });
    }
    if (latencyIn) {
      evidence.push({
        kind: 'trace',
        tool: 'trace-latency',
        detail: `latency of calls into it ×${latencyIn.ratio.toFixed(1)} (median ${formatMs(latencyIn.baselineMs)} -> ${formatMs(latencyIn.incidentMs)}; most on ${latencyIn.example})`,
        strength: 0.15,
        at: splitAt,
      });
    }
    out.set(service, { selfTime, network: net, latencyIn, errors, evidence });
  }
  return out;
}

const MIN_FAILURES = 3;

function errorRise(
  origins: { baseline: number; incident: number } | undefined,
  spans: { baseline: number; incident: number } | undefined,
): ServiceTraceSignals['errors'] {
  if (!origins || origins.incident < MIN_FAILURES) return null;
  const incidentShare = origins.incident / Math.max(1, spans?.incident ?? origins.incident);
  const baselineShare = spans && spans.baseline > 0 ? origins.baseline / spans.baseline : 0;
  if (incidentShare - baselineShare < 0.02 || incidentShare < 2 * baselineShare) return null;
  return { baselineShare, incidentShare: Math.min(1, incidentShare), incident: origins.incident };
}

/** Edges need fewer samples than services: each is tested on its own (a small baseline must also be exceeded whole). */
const MIN_EDGE_SAMPLES = 3;

interface NetworkEnd {
  rise: Rise;
  into: number;
  outOf: number;
  share: number;
}

/**
 * Which services the calls whose network time rose point at. Each edge is tested against its own
 * baseline. A delay on one service's network shows on calls into (and often out of) it while its
 * peers' other calls stay fast, so each rising edge is blamed on the end with the larger share of
 * rising edges among all its tested edges (ties: the callee), weighted by how many times slower
 * it got; the service with the most blame is credited.
 */
function networkEnds(agg: TraceAggregate): Map<string, NetworkEnd> {
  const rising: { caller: string; callee: string; values: Split<number>; weight: number }[] = [];
  const tested = new Map<string, { tested: number; rising: number }>();
  const count = (service: string, rose: boolean) => {
    const t = tested.get(service) ?? { tested: 0, rising: 0 };
    t.tested++;
    if (rose) t.rising++;
    tested.set(service, t);
  };
  for (const e of agg.edges.values()) {
    const v = e.networkMs;
    if (v.baseline.length < MIN_EDGE_SAMPLES || v.incident.length < MIN_EDGE_SAMPLES || e.caller === e.callee)
      continue;
    const p = newPool();
    addToPool(p, `${e.caller} -> ${e.callee}`, v, MIN_EDGE_SAMPLES);
    const r = riseOf(p, MIN_RISE_MS.network, MIN_EDGE_SAMPLES);
    const rose =
      r !== null && (v.baseline.length >= MIN_BASELINE_SAMPLES || r.incidentMs > Math.max(...v.baseline));
    count(e.caller, rose);
    count(e.callee, rose);
    if (rose && r) rising.push({ caller: e.caller, callee: e.callee, values: v, weight: Math.log2(r.ratio) });
  }
  const out = new Map<string, NetworkEnd>();
  if (rising.length === 0) return out;
  const fraction = (s: string) => {
    const t = tested.get(s);
    return t ? t.rising / t.tested : 0;
  };
  const blame = new Map<string, { into: number; outOf: number; weight: number; edges: typeof rising }>();
  let total = 0;
  for (const r of rising) {
    const onCaller = fraction(r.caller) > fraction(r.callee);
    const service = onCaller ? r.caller : r.callee;
    const b = blame.get(service) ?? { into: 0, outOf: 0, weight: 0, edges: [] };
    if (onCaller) b.outOf++;
    else b.into++;
    b.weight += r.weight;
    b.edges.push(r);
    blame.set(service, b);
    total += r.weight;
  }
  const most = Math.max(...[...blame.values()].map((b) => b.weight));
  for (const [service, b] of blame) {
    if (b.weight < most - 1e-9) continue;
    const p = newPool();
    for (const r of b.edges) addToPool(p, `${r.caller} -> ${r.callee}`, r.values, MIN_EDGE_SAMPLES);
    const rise = riseOf(p, MIN_RISE_MS.network, MIN_EDGE_SAMPLES);
    if (rise) out.set(service, { rise, into: b.into, outOf: b.outOf, share: b.weight / total });
  }
  return out;
}
