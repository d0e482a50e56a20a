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
  /** Spans grouped by trace, traces in input order. */
  traces: Map<string, Span[]>;
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
  if (url) return url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] || '/';
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
 * Flattens segment documents into spans grouped by trace. Whole traces are kept in the order they
 * first appear until `cap` spans are reached; the rest are counted, not read (a partial trace would
 * distort self and network times).
 */
export function buildSpans(segments: readonly TraceSegment[], cap = MAX_SPANS): SpanBuild {
  const sizes = new Map<string, number>();
  for (const seg of segments)
    sizes.set(seg.trace_id, (sizes.get(seg.trace_id) ?? 0) + 1 + countSpans(seg.subsegments));
  const kept = new Set<string>();
  let total = 0;
  let capped = 0;
  let tracesCapped = 0;
  for (const [id, size] of sizes) {
    if (total + size <= cap) {
      kept.add(id);
      total += size;
    } else {
      capped += size;
      tracesCapped++;
    }
  }
  const traces = new Map<string, Span[]>();
  for (const seg of segments) {
    if (!kept.has(seg.trace_id)) continue;
    let list = traces.get(seg.trace_id);
    if (!list) {
      list = [];
      traces.set(seg.trace_id, list);
    }
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
  return { traces, spans: total, capped, tracesCapped };
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
