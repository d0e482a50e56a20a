import type { Span } from './spans.ts';

/** Work a service did itself: a span's duration minus the time covered by its children. */
export interface SelfTimeFact {
  service: string;
  operation: string;
  start: number;
  selfMs: number;
  failed: boolean;
}

/** One call from a service into another, seen from the caller's client span. */
export interface CallFact {
  caller: string;
  callee: string;
  start: number;
  latencyMs: number;
  /** Caller's client span minus the callee's server span; null when the callee has no span. */
  networkMs: number | null;
  failed: boolean;
}

/** The deepest failing span of a failure chain, attributed to the service where it began. */
export interface FailureFact {
  service: string;
  start: number;
  traceId: string;
}

export interface TreeSink {
  self(fact: SelfTimeFact): void;
  call(fact: CallFact): void;
  failure(fact: FailureFact): void;
}

export interface TreeCounts {
  /** Spans whose parent is not in the trace (kept as roots). */
  orphans: number;
  /** Children reaching outside their parent's time by more than the tolerance (clock skew). */
  skewed: number;
  /** Spans without an end (in progress), left out of timing. */
  unfinished: number;
}

/** How OpenTelemetry names database client spans: the statement's verb, then the table. */
const SQL_STATEMENT = /^(SELECT|INSERT|UPDATE|DELETE|MERGE|UPSERT|CALL)\s/i;

const NO_SPANS: readonly Span[] = [];

/** Differences below this are clock jitter, not skew (ms). */
const SKEW_TOLERANCE_MS = 1;

function duration(s: Span): number {
  return Number.isFinite(s.end) && s.end >= s.start ? s.end - s.start : Number.NaN;
}

/** Length of the union of the children's intervals clipped to [from, to]. */
function coveredBy(children: readonly Span[], from: number, to: number): number {
  // Most spans have no child or one: no interval list to build.
  if (children.length === 0) return 0;
  if (children.length === 1) {
    const only = children[0] as Span;
    if (!Number.isFinite(only.end)) return 0;
    return Math.max(0, Math.min(to, only.end) - Math.max(from, only.start));
  }
  const iv = children
    .filter((c) => Number.isFinite(c.end))
    .map((c) => [Math.max(from, c.start), Math.min(to, c.end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curA = Number.NaN;
  let curB = Number.NaN;
  for (const [a, b] of iv) {
    if (Number.isNaN(curA) || a > curB) {
      if (!Number.isNaN(curA)) total += curB - curA;
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  if (!Number.isNaN(curA)) total += curB - curA;
  return total;
}

/**
 * Walks one trace's spans (one pass, Map-based) and reports self times, calls between services
 * and where failures began. `resolve` maps raw segment names to service names.
 */
export function walkTrace(
  spans: readonly Span[],
  resolve: (raw: string) => string,
  sink: TreeSink,
  counts: TreeCounts,
): void {
  const byId = new Map<string, Span>();
  for (const s of spans) if (!byId.has(s.id)) byId.set(s.id, s);
  const children = new Map<string, Span[]>();
  for (const s of spans) {
    if (s.parentId === null || s.parentId === s.id) continue;
    if (!byId.has(s.parentId)) {
      counts.orphans++;
      continue;
    }
    const list = children.get(s.parentId);
    if (list) list.push(s);
    else children.set(s.parentId, [s]);
  }
  const failingBelow = markFailingAncestors(spans, byId);
  for (const s of spans) {
    const service = resolve(s.service);
    const kids = children.get(s.id) ?? NO_SPANS;
    const d = duration(s);
    if (Number.isNaN(d)) counts.unfinished++;
    for (const k of kids) {
      if (
        Number.isFinite(d) &&
        (k.start < s.start - SKEW_TOLERANCE_MS ||
          (Number.isFinite(k.end) && k.end > s.end + SKEW_TOLERANCE_MS))
      ) {
        counts.skewed++;
      }
    }
    const remoteKids =
      kids.length === 0 ? NO_SPANS : kids.filter((k) => k.isSegment && resolve(k.service) !== service);
    if (s.failed && !failingBelow.has(s.id)) {
      const callee = remoteKids[0]
        ? resolve(remoteKids[0].service)
        : s.remoteName
          ? resolve(s.remoteName)
          : service;
      sink.failure({ service: callee, start: s.start, traceId: s.traceId });
    }
    if (Number.isNaN(d)) continue;
    const own = Math.max(0, d - coveredBy(kids, s.start, s.end));
    if (remoteKids.length > 0) {
      // A client span: what it adds beyond its children is time on the wire, not the caller's work.
      const share = own / remoteKids.length;
      for (const k of remoteKids) {
        const kd = duration(k);
        sink.call({
          caller: service,
          callee: resolve(k.service),
          start: s.start,
          latencyMs: d,
          networkMs: Number.isNaN(kd) ? null : remoteKids.length === 1 ? Math.max(0, d - kd) : share,
          failed: s.failed || k.failed,
        });
      }
      continue;
    }
    if (s.remoteName !== null && kids.length === 0) {
      // A dependency without spans of its own: its time is all we see of it.
      const callee = resolve(s.remoteName);
      sink.call({ caller: service, callee, start: s.start, latencyMs: d, networkMs: null, failed: s.failed });
      sink.self({ service: callee, operation: s.operation, start: s.start, selfMs: d, failed: s.failed });
      continue;
    }
    // A database statement with no span of the database's own is time spent in the database, not
    // the service's own work: it is left out of the service's self time.
    if (kids.length === 0 && SQL_STATEMENT.test(s.operation)) continue;
    sink.self({ service, operation: s.operation, start: s.start, selfMs: own, failed: s.failed });
  }
}

/** Ids of spans that have a failing descendant (bounded walk: parent cycles cannot loop). */
function markFailingAncestors(spans: readonly Span[], byId: Map<string, Span>): Set<string> {
  const marked = new Set<string>();
  for (const s of spans) {
    if (!s.failed) continue;
    let parentId = s.parentId;
    let steps = 0;
    while (parentId !== null && steps++ < spans.length && !marked.has(parentId)) {
      const parent = byId.get(parentId);
      if (!parent) break;
      marked.add(parentId);
      parentId = parent.parentId;
    }
  }
  return marked;
}
