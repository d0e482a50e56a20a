import type { TraceSegment, TraceSubsegment } from '../../domain/telemetry.ts';

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
  // Documents of one trace usually come together (BatchGetTraces returns them so): a run of one
  // trace id is counted once, without a map lookup per document.
  let runId: string | null = null;
  let runList: TraceSegment[] = [];
  let runSize = 0;
  const closeRun = () => {
    if (runId === null) return;
    sizes.set(runId, (sizes.get(runId) ?? 0) + runSize);
    runSize = 0;
  };
  for (const seg of segments) {
    if (seg.trace_id !== runId) {
      closeRun();
      runId = seg.trace_id;
      const list = grouped.get(runId);
      if (list) runList = list;
      else {
        runList = [];
        grouped.set(runId, runList);
      }
    }
    runList.push(seg);
    const n = 1 + countSpans(seg.subsegments);
    runSize += n;
    total += n;
  }
  closeRun();
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

type Doc = TraceSegment | TraceSubsegment;

/**
 * One trace's spans (segments and their subsegments, depth first in document order) as parallel
 * arrays, refilled trace after trace: walking 50,000 spans allocates no object per span. Times in
 * epoch ms; `end` is NaN for a span that never ended (in progress).
 */
export class FlatTrace {
  size = 0;
  traceId = '';
  readonly doc: Doc[] = [];
  readonly id: string[] = [];
  readonly parentId: (string | null)[] = [];
  /** The raw service: the segment's name (a subsegment belongs to its segment's service). */
  readonly service: string[] = [];
  /** A subsegment calling a remote or AWS service that has no segment of its own: its name. */
  readonly remoteName: (string | null)[] = [];
  start = new Float64Array(64);
  end = new Float64Array(64);
  failed = new Uint8Array(64);
  /** A segment (work received by a service) rather than a subsegment inside one. */
  isSegment = new Uint8Array(64);
  /** The index of the span a subsegment sits in (-1 for a segment). */
  container = new Int32Array(64);

  /** Refills the arrays with one trace's segment documents (all of one trace id). */
  fill(segments: readonly TraceSegment[]): this {
    this.size = 0;
    this.traceId = segments[0]?.trace_id ?? '';
    for (const seg of segments) {
      const service = segmentService(seg);
      this.push(seg, seg.parent_id ?? null, service, null, -1);
      if (seg.in_progress) this.end[this.size - 1] = Number.NaN;
      this.addSubsegments(seg.subsegments, this.size - 1, service);
    }
    return this;
  }

  /** The span's operation, derived only when asked (client spans never need one). */
  operation(i: number): string {
    return operationOf(this.doc[i] as Doc);
  }

  private addSubsegments(subs: readonly TraceSubsegment[] | undefined, container: number, service: string) {
    if (!subs) return;
    const parentId = this.id[container] as string;
    for (let k = 0; k < subs.length; k++) {
      const sub = subs[k] as TraceSubsegment;
      const remote = sub.namespace === 'remote' || sub.namespace === 'aws';
      this.push(sub, parentId, service, remote ? sub.name : null, container);
      this.addSubsegments(sub.subsegments, this.size - 1, service);
    }
  }

  private push(d: Doc, parentId: string | null, service: string, remote: string | null, container: number) {
    const i = this.size++;
    if (i === this.start.length) this.grow();
    this.doc[i] = d;
    this.id[i] = d.id;
    this.parentId[i] = parentId;
    this.service[i] = service;
    this.remoteName[i] = remote;
    this.start[i] = d.start_time * 1000;
    this.end[i] = d.end_time === undefined ? Number.NaN : d.end_time * 1000;
    this.failed[i] = failedOf(d) ? 1 : 0;
    this.isSegment[i] = container === -1 ? 1 : 0;
    this.container[i] = container;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    this.start = f64(this.start);
    this.end = f64(this.end);
    this.failed = u8(this.failed);
    this.isSegment = u8(this.isSegment);
    const c = new Int32Array(n);
    c.set(this.container);
    this.container = c;
  }
}

/**
 * The service a segment is of: its name, except that X-Ray names an API Gateway stage's segment
 * `<api name>/<stage>` (API Gateway Developer Guide, "Understanding X-Ray traces for REST APIs"),
 * and the stage is no part of the API's name.
 */
function segmentService(seg: TraceSegment): string {
  if (seg.origin !== 'AWS::ApiGateway::Stage') return seg.name;
  const slash = seg.name.lastIndexOf('/');
  return slash > 0 ? seg.name.slice(0, slash) : seg.name;
}
