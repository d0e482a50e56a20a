import {
  type MetricDatapoint,
  metricDatapointSchema,
  type Telemetry,
  type TraceSegment,
  traceSegmentSchema,
} from '../domain/telemetry.ts';

/** How much telemetry one analysis keeps: past these, records are counted, not kept. */
export interface TelemetryLimits {
  maxDatapoints: number;
  maxSegments: number;
}

export const TELEMETRY_LIMITS: TelemetryLimits = { maxDatapoints: 200_000, maxSegments: 100_000 };

/** Most notes one source gives the report. */
export const MAX_TELEMETRY_NOTES = 12;

/** The time range records must fall in (epoch ms, inclusive); records outside it are counted, not kept. */
export interface TelemetryRange {
  startTime: number;
  endTime: number;
}

/**
 * The one intake of untrusted metric datapoints and segment documents, whatever their source (a
 * folder's lines, GetMetricData results, BatchGetTraces documents): each record is validated with
 * the domain schema, kept within the range and the caps, and every record not kept is counted by
 * source and reason, so the report can say what was not used.
 */
export class TelemetryCollector {
  private readonly metrics: MetricDatapoint[] = [];
  private readonly traces: TraceSegment[] = [];
  private readonly notes: string[] = [];
  private readonly rejected = new Map<string, { source: string; what: string; reason: string; n: number }>();

  constructor(
    private readonly range: TelemetryRange | undefined,
    private readonly limits: TelemetryLimits = TELEMETRY_LIMITS,
  ) {}

  get datapoints(): number {
    return this.metrics.length;
  }

  get segments(): number {
    return this.traces.length;
  }

  /** Whether another datapoint would be over the cap (a source may stop asking). */
  get metricsFull(): boolean {
    return this.metrics.length >= this.limits.maxDatapoints;
  }

  get tracesFull(): boolean {
    return this.traces.length >= this.limits.maxSegments;
  }

  /** Keeps one datapoint if it is valid, in range and under the cap; true when kept. */
  metric(value: unknown, source: string): boolean {
    const reject = (reason: string) => this.reject(source, 'datapoint(s)', reason);
    if (!isObject(value)) return reject('not a JSON object');
    if (typeof value.value !== 'number' || !Number.isFinite(value.value))
      return reject('no finite value (NaN, null or missing)');
    const timestamp = epochMs(value.timestamp);
    if (timestamp === undefined) return reject('no timestamp (epoch ms or ISO-8601)');
    const parsed = metricDatapointSchema.safeParse({ ...value, timestamp });
    if (!parsed.success) return reject(`invalid ${firstIssuePath(parsed.error.issues)}`);
    if (!this.inRange(timestamp)) return reject('outside the analysis window');
    if (this.metricsFull) return reject(`over the cap of ${this.limits.maxDatapoints} datapoints`);
    this.metrics.push(parsed.data);
    return true;
  }

  /** Keeps one X-Ray segment document (parsed JSON) if valid, in range and under the cap; true when kept. */
  segment(value: unknown, source: string): boolean {
    const reject = (reason: string) => this.reject(source, 'segment(s)', reason);
    if (!isObject(value)) return reject('not a JSON object');
    const parsed = traceSegmentSchema.safeParse(value);
    if (!parsed.success) return reject(`invalid ${firstIssuePath(parsed.error.issues)}`);
    if (!this.inRange(parsed.data.start_time * 1000)) return reject('outside the analysis window');
    if (this.tracesFull) return reject(`over the cap of ${this.limits.maxSegments} segments`);
    this.traces.push(parsed.data);
    return true;
  }

  /** Counts `count` records not kept for `reason` (a failed call, an unprocessed trace id). */
  reject(source: string, what: string, reason: string, count = 1): false {
    const key = `${source}\u0000${what}\u0000${reason}`;
    const entry = this.rejected.get(key) ?? { source, what, reason, n: 0 };
    entry.n += count;
    this.rejected.set(key, entry);
    return false;
  }

  /** Says something about the fetch itself (a bound that applied, a failed call). */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** The records kept and the notes, at most MAX_TELEMETRY_NOTES of them (failed calls can each say something else). */
  finish(): Telemetry {
    const counted = [...this.rejected.values()].map(
      (r) => `${r.n} ${r.what} of ${r.source} not used: ${r.reason}.`,
    );
    const notes = [...this.notes, ...counted];
    const kept =
      notes.length > MAX_TELEMETRY_NOTES
        ? [
            ...notes.slice(0, MAX_TELEMETRY_NOTES - 1),
            `${notes.length - MAX_TELEMETRY_NOTES + 1} more telemetry note(s) left out.`,
          ]
        : notes;
    return { metrics: this.metrics, traces: this.traces, notes: kept };
  }

  private inRange(at: number): boolean {
    return this.range === undefined || (at >= this.range.startTime && at <= this.range.endTime);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Epoch ms from a number or an ISO-8601 text (a flattened GetMetricData result may hold either). */
function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The top-level field of the first issue: a name of the schema, never text from the record. */
function firstIssuePath(issues: readonly { path: readonly PropertyKey[] }[]): string {
  const field = issues[0]?.path[0];
  return field === undefined ? 'record' : String(field);
}
