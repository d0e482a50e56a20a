import type { TraceSegment } from '../../domain/telemetry.ts';
import { median } from './robust-stats.ts';
import { sample } from './sample.ts';
import { SpanTreeWalker, type TreeCounts, type TreeSink } from './span-tree.ts';
import { FlatTrace } from './spans.ts';
import type { BaselineIncident, CallEdge, OperationStats } from './types.ts';

export type Phase = 'baseline' | 'incident';

/** Values of one measure split by window. */
export interface Split<T> {
  baseline: T[];
  incident: T[];
}

export interface OperationSamples {
  service: string;
  operation: string;
  selfMs: Split<number>;
  failed: { baseline: number; incident: number };
}

export interface EdgeSamples {
  caller: string;
  callee: string;
  latencyMs: Split<number>;
  networkMs: Split<number>;
  failed: { baseline: number; incident: number };
}

export interface TraceAggregate {
  operations: Map<string, OperationSamples>;
  edges: Map<string, EdgeSamples>;
  /** Failures that began in each service, by window. */
  failureOrigins: Map<string, { baseline: number; incident: number }>;
  /** Incident traces whose failure began somewhere, with that service (first failure per trace). */
  failedTraces: Map<string, string>;
  counts: TreeCounts;
  traces: number;
}

function split<T>(): Split<T> {
  return { baseline: [], incident: [] };
}

/** One pass over the traces: every span's facts sorted into the baseline or the incident window. */
export function aggregateTraces(
  traces: Map<string, TraceSegment[]>,
  phaseOf: (at: number) => Phase | null,
  resolve: (raw: string) => string,
): TraceAggregate {
  const agg: TraceAggregate = {
    operations: new Map(),
    edges: new Map(),
    failureOrigins: new Map(),
    failedTraces: new Map(),
    counts: { orphans: 0, skewed: 0, unfinished: 0 },
    traces: traces.size,
  };
  // Nested maps: no key string is built per span.
  const opsByService = new Map<string, Map<string, OperationSamples>>();
  const edgesByCaller = new Map<string, Map<string, EdgeSamples>>();
  const sink: TreeSink = {
    self(service, operation, start, selfMs, failed) {
      const phase = phaseOf(start);
      if (!phase) return;
      let ops = opsByService.get(service);
      if (!ops) {
        ops = new Map();
        opsByService.set(service, ops);
      }
      let op = ops.get(operation);
      if (!op) {
        op = { service, operation, selfMs: split(), failed: { baseline: 0, incident: 0 } };
        ops.set(operation, op);
        agg.operations.set(`${service}\u0000${operation}`, op);
      }
      op.selfMs[phase].push(selfMs);
      if (failed) op.failed[phase]++;
    },
    call(caller, callee, start, latencyMs, networkMs, failed) {
      const phase = phaseOf(start);
      if (!phase) return;
      let callees = edgesByCaller.get(caller);
      if (!callees) {
        callees = new Map();
        edgesByCaller.set(caller, callees);
      }
      let e = callees.get(callee);
      if (!e) {
        e = { caller, callee, latencyMs: split(), networkMs: split(), failed: { baseline: 0, incident: 0 } };
        callees.set(callee, e);
        agg.edges.set(`${caller}\u0000${callee}`, e);
      }
      e.latencyMs[phase].push(latencyMs);
      if (networkMs !== null) e.networkMs[phase].push(networkMs);
      if (failed) e.failed[phase]++;
    },
    failure(service, start, traceId) {
      const phase = phaseOf(start);
      if (!phase) return;
      let c = agg.failureOrigins.get(service);
      if (!c) {
        c = { baseline: 0, incident: 0 };
        agg.failureOrigins.set(service, c);
      }
      c[phase]++;
      if (phase === 'incident' && !agg.failedTraces.has(traceId)) agg.failedTraces.set(traceId, service);
    },
  };
  const flat = new FlatTrace();
  const walker = new SpanTreeWalker();
  for (const segments of traces.values()) walker.walk(flat.fill(segments), resolve, sink, agg.counts);
  return agg;
}

function med(values: readonly number[]): number | null {
  return values.length === 0 ? null : round(median(sample(values)));
}

function share(failed: number, total: number): number | null {
  return total === 0 ? null : round(failed / total);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The call graph: edges with baseline and incident medians, busiest first. */
export function callGraphOf(agg: TraceAggregate): CallEdge[] {
  return [...agg.edges.values()]
    .map((e) => ({
      caller: e.caller,
      callee: e.callee,
      calls: { baseline: e.latencyMs.baseline.length, incident: e.latencyMs.incident.length },
      latencyMs: { baseline: med(e.latencyMs.baseline), incident: med(e.latencyMs.incident) },
      networkMs: { baseline: med(e.networkMs.baseline), incident: med(e.networkMs.incident) },
      errorShare: {
        baseline: share(e.failed.baseline, e.latencyMs.baseline.length),
        incident: share(e.failed.incident, e.latencyMs.incident.length),
      } satisfies BaselineIncident,
    }))
    .sort(
      (a, b) =>
        b.calls.incident + b.calls.baseline - (a.calls.incident + a.calls.baseline) ||
        (a.caller + a.callee < b.caller + b.callee ? -1 : 1),
    );
}

/** Per service and operation: call counts, median self time and error share in both windows. */
export function operationsOf(agg: TraceAggregate): OperationStats[] {
  return [...agg.operations.values()]
    .map((o) => ({
      service: o.service,
      operation: o.operation,
      count: { baseline: o.selfMs.baseline.length, incident: o.selfMs.incident.length },
      selfMs: { baseline: med(o.selfMs.baseline), incident: med(o.selfMs.incident) },
      errorShare: {
        baseline: share(o.failed.baseline, o.selfMs.baseline.length),
        incident: share(o.failed.incident, o.selfMs.incident.length),
      },
    }))
    .sort((a, b) =>
      a.service < b.service ? -1 : a.service > b.service ? 1 : a.operation < b.operation ? -1 : 1,
    );
}
