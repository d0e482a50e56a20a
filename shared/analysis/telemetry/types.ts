import type { FaultClass } from '../../domain/fault-class.ts';
import type { Windows } from '../window.ts';

/** One point of a chartable series (epoch ms). */
export interface SeriesPoint {
  at: number;
  value: number;
}

/** A metric the alarm watches, as the alarm configuration names it. */
export interface AlarmMetricRef {
  /** The query id a metric-math expression names it by. */
  id?: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat?: string;
}

/** A metric-math query of the alarm; the one returning data is what the alarm watches. */
export interface AlarmExpressionRef {
  id?: string;
  expression: string;
  label?: string;
  returnData?: boolean;
}

/** What the analysis needs besides the telemetry itself. */
export interface TelemetryContext {
  windows: Windows;
  /** The alarm's plain metrics (empty for composite alarms or unknown metrics). */
  alarmMetric: AlarmMetricRef[];
  /** The services the logs name; metric dimensions and trace segment names are mapped onto them. */
  logServices: string[];
  /** The alarm's state reason; its threshold ("... the threshold (0.1)") is read from it. */
  alarmReason?: string;
  /** Metric-math expressions of the alarm (`detail.configuration.metrics[].expression`), with their ids. */
  alarmExpressions?: (string | AlarmExpressionRef)[];
  /** The threshold when the configuration states it (wins over the reason's). */
  alarmThreshold?: number;
}

/** When the alarm's own metric really left its baseline: the change point. */
export interface AlarmOnset {
  at: number;
  seriesKey: string;
  baselineMedian: number;
  /** Median after the change point. */
  incidentMedian: number;
  /** incidentMedian - baselineMedian. */
  shift: number;
  /** The shift in robust standard deviations of the baseline (MAD-based). */
  robustZ: number;
}

/** The alarm's series for a chart. */
export interface AlarmSeries {
  seriesKey: string;
  label: string;
  unit?: string;
  points: SeriesPoint[];
  threshold: number | null;
  onset: number | null;
}

/** The fault class a telemetry signal suggests ('other' for an error-share rise with no mechanism). */
export type TelemetryFaultHint = FaultClass | 'other';

export type TelemetryEvidenceKind = 'metric' | 'trace';

/** One finding about a service, said in one line with its numbers. */
export interface TelemetryEvidence {
  kind: TelemetryEvidenceKind;
  /** The named analysis tool that produced it (for the reasoning trail). */
  tool:
    | 'metric-baseline'
    | 'metric-saturation'
    | 'trace-self-time'
    | 'trace-network-time'
    | 'trace-errors'
    | 'trace-latency';
  detail: string;
  /** 0..1. */
  strength: number;
  /** When it started (epoch ms), when known. */
  at: number | null;
  /** The metric series behind it, when a metric. */
  seriesKey?: string;
}

/** A metric series that moved against its own baseline (kept for small charts). */
export interface MovedSeries {
  seriesKey: string;
  namespace: string;
  metricName: string;
  stat: string;
  unit?: string;
  /** Short human label, e.g. "pod_cpu_utilization (Average)". */
  label: string;
  points: SeriesPoint[];
  baselineMedian: number;
  incidentMedian: number;
  direction: 'up' | 'down';
  /** The metric's limit when it has one (100 for a utilization percent, 0 for free space). */
  limit: number | null;
  onset: number | null;
  robustZ: number;
}

/** Below this score no service is named an origin (no propagation, no blast radius). */
export const ORIGIN_MIN_SCORE = 0.3;

/**
 * The strength of the evidence and fault hint of a resource that reached its limit (a utilization
 * at its ceiling, a shared pool held): what tells a limit reached from a metric that only rose.
 */
export const LIMIT_REACHED = 0.9;

/** How strongly telemetry names one service as the ORIGIN, and why. */
export interface ServiceTelemetry {
  service: string;
  /** 0..1: strength as an origin candidate (victims score lower than the deepest moved service). */
  score: number;
  onset: number | null;
  evidence: TelemetryEvidence[];
  faultHint: { faultClass: TelemetryFaultHint; strength: number } | null;
  series: MovedSeries[];
  /** True when its latency or errors only follow a callee's (it is a victim, not an origin). */
  victimOf?: string;
}

/** Baseline against incident of one measure. Null: no sample in that window. */
export interface BaselineIncident {
  baseline: number | null;
  incident: number | null;
}

/** One caller -> callee edge of the trace call graph. */
export interface CallEdge {
  caller: string;
  callee: string;
  calls: { baseline: number; incident: number };
  /** Median duration of the caller's client span (ms). */
  latencyMs: BaselineIncident;
  /** Median of client span minus callee server span (ms). */
  networkMs: BaselineIncident;
  /** Share of calls that failed (0..1). */
  errorShare: BaselineIncident;
}

/** Per service and operation: what the traces say. */
export interface OperationStats {
  service: string;
  operation: string;
  count: BaselineIncident;
  selfMs: BaselineIncident;
  errorShare: BaselineIncident;
}

/** Size of what was read and used. */
export interface TelemetryStats {
  datapoints: number;
  datapointsUsed: number;
  series: number;
  spans: number;
  spansUsed: number;
  traces: number;
}

/** Everything the telemetry analysis established; pure data, deterministic. */
export interface TelemetryFindings {
  alarmOnset: AlarmOnset | null;
  alarmSeries: AlarmSeries | null;
  /** Origin candidates, best first. */
  services: ServiceTelemetry[];
  callGraph: CallEdge[];
  operations: OperationStats[];
  /** The services along which the fault travelled, origin first. */
  propagation: string[];
  /** Every service the origin's trouble reached (callers upstream of it, transitively), origin first. */
  blastRadius: string[];
  /** X-Ray trace ids (1-xxxxxxxx-...) of incident traces that failed or slowed, with their origin service. */
  traceOrigins: { traceId: string; service: string }[];
  stats: TelemetryStats;
  /** What was unusable (dropped points, unparented spans, caps hit, expressions not evaluated). */
  limitations: string[];
}
