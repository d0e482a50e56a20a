import type { TraceSegment, TraceSubsegment } from '../../domain/telemetry.ts';

/** One span of a trace: an X-Ray segment or subsegment, flattened. Times in epoch ms. */
export interface Span {
  id: string;
  parentId: string | null;
  traceId: string;
  /** The raw service: the segment's name (a subsegment belongs to its segment's service). */
  service: string;
  operation: string;
  start: number;
  /** NaN when the span never ended (in progress). */
  end: number;
  failed: boolean;
  /** A segment (work received by a service) rather than a subsegment inside one. */
  isSegment: boolean;
  /** A subsegment calling a remote or AWS service that has no segment of its own: its name. */
  remoteName: string | null;
}

export interface SpanBuild {
  /** Segment documents grouped by trace, traces in input order (flattened one trace at a time). */
  traces: Map<string, TraceSegment[]>;
  spans: number;
  /** Spans of traces left out because the cap was reached. */
  capped: number;
  tracesCapped: number;
}

export const MAX_SPANS = 50_000;

function operationOf(s: TraceSegment | TraceSubsegment): string {
  const annotated = 'annotations' in s ? s.annotations?.operation : undefined;
  if (typeof annotated === 'string' && annotated !== '') return annotated;
  const url = s.http?.request?.url;
  if (url) {
    const path = url.includes('://') ? url.replace(/^[a-z]+:\/\/[^/]+/i, '') : url;
    const q = path.indexOf('?');
    return (q >= 0 ? path.slice(0, q) : path) || '/';
  }
  const method = s.http?.request?.method;
  return method ? `${method} ${s.name}` : s.name;
}

function failedOf(s: TraceSegment | TraceSubsegment): boolean {
  const status = s.http?.response?.status;
  return s.fault === true || s.error === true || (typeof status === 'number' && status >= 500);
}

function countSpans(subs: readonly TraceSubsegment[] | undefined): number {
  if (!subs) return 0;
  let n = subs.length;
  for (const s of subs) n += countSpans(s.subsegments);
  return n;
}

/**
 * Groups segment documents by trace. When there are more than `cap` spans, whole traces are kept,
 * evenly spread over the input (so both windows stay represented), and the rest counted, not read:
 * a partial trace would distort self and network times.
 */
export function buildSpans(segments: readonly TraceSegment[], cap = MAX_SPANS): SpanBuild {
  const grouped = new Map<string, TraceSegment[]>();
  const sizes = new Map<string, number>();
  let total = 0;
  for (const seg of segments) {
    const list = grouped.get(seg.trace_id);
    if (list) list.push(seg);
    else grouped.set(seg.trace_id, [seg]);
    const n = 1 + countSpans(seg.subsegments);
    sizes.set(seg.trace_id, (sizes.get(seg.trace_id) ?? 0) + n);
    total += n;
  }
  if (total <= cap) return { traces: grouped, spans: total, capped: 0, tracesCapped: 0 };
  const kept = new Map<string, TraceSegment[]>();
  let used = 0;
  let seen = 0;
  for (const [id, list] of grouped) {
    const size = sizes.get(id) ?? 0;
    seen += size;
    // Keep a trace while the kept spans stay within the cap's share of what has been seen.
    if (used + size <= cap && used + size <= (seen * cap) / total + size) {
      kept.set(id, list);
      used += size;
    }
  }
  return { traces: kept, spans: used, capped: total - used, tracesCapped: grouped.size - kept.size };
}

/** One trace's documents flattened into spans (segments and their subsegments). */
export function flattenTrace(segments: readonly TraceSegment[]): Span[] {
  const list: Span[] = [];
  for (const seg of segments) {
    list.push({
      id: seg.id,
      parentId: seg.parent_id ?? null,
      traceId: seg.trace_id,
      service: seg.name,
      operation: operationOf(seg),
      start: seg.start_time * 1000,
      end: seg.end_time === undefined || seg.in_progress ? Number.NaN : seg.end_time * 1000,
      failed: failedOf(seg),
      isSegment: true,
      remoteName: null,
    });
    addSubsegments(list, seg.subsegments, seg.id, seg.name, seg.trace_id);
  }
  return list;
}

function addSubsegments(
  list: Span[],
  subs: readonly TraceSubsegment[] | undefined,
  parentId: string,
  service: string,
  traceId: string,
): void {
  if (!subs) return;
  for (const sub of subs) {
    const remote = sub.namespace === 'remote' || sub.namespace === 'aws';
    list.push({
      id: sub.id,
      parentId,
      traceId,
      service,
      operation: operationOf(sub),
      start: sub.start_time * 1000,
      end: sub.end_time === undefined ? Number.NaN : sub.end_time * 1000,
      failed: failedOf(sub),
      isSegment: false,
      remoteName: remote ? sub.name : null,
    });
    addSubsegments(list, sub.subsegments, sub.id, service, traceId);
  }
}
