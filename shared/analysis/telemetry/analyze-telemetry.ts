import type { Telemetry, TraceSegment } from '../../domain/telemetry.ts';
import { MARKER_PREFIX } from '../redact/kinds.ts';
import { chooseAlarmSeries } from './alarm-expression.ts';
import { analyzeAlarm } from './alarm-onset.ts';
import { parseAlarmReason } from './alarm-reason.ts';
import { blastRadius, propagationPath, reachability } from './call-graph.ts';
import { formatValue } from './format.ts';
import { metricKind } from './metric-kinds.ts';
import {
  discountCommonMode,
  levelledOffAtCeiling,
  type Movement,
  movedSeries,
  scanMovements,
} from './metric-movement.ts';
import { buildSeries, type MetricSeries } from './metric-series.ts';
import { scoreServices } from './score.ts';
import { ServiceNamer, serviceOfDimensions } from './service-names.ts';
import { addConcurrencyHolder } from './shared-concurrency.ts';
import { buildSpans } from './spans.ts';
import { chooseSplit } from './split.ts';
import { traceSignals } from './trace-signals.ts';
import { aggregateTraces, callGraphOf, operationsOf } from './trace-stats.ts';
import { ORIGIN_MIN_SCORE, type TelemetryContext, type TelemetryFindings } from './types.ts';

export { ORIGIN_MIN_SCORE };

const MAX_TRACE_ORIGINS = 200;

/**
 * The telemetry analysis, pure and deterministic: when the alarm's metric left its baseline, which
 * services' metrics moved against their own baselines or hit their limits, whose own work
 * (self time), network or failures rose in the traces, the call graph between them, and from
 * these one origin score per service with its evidence. What could not be used is said in
 * `limitations`, never thrown.
 */
export function analyzeTelemetry(telemetry: Telemetry, ctx: TelemetryContext): TelemetryFindings {
  const { windows } = ctx;
  const limitations: string[] = [];
  const namer = new ServiceNamer(ctx.logServices);
  const resolve = (raw: string) => namer.resolve(raw);

  const built = buildSeries(telemetry.metrics, windows.baselineStart, windows.incidentEnd);
  const reason = parseAlarmReason(ctx.alarmReason);
  const choice = chooseAlarmSeries(built.series, ctx.alarmMetric, ctx.alarmExpressions ?? []);
  const alarmSeries = choice.series;
  const alarm = analyzeAlarm(alarmSeries, reason, ctx.alarmThreshold, windows.baselineStart, windows.alarmAt);
  if ((ctx.alarmExpressions?.length ?? 0) > 0) {
    limitations.push(...choice.notes);
  } else if (ctx.alarmMetric.length > 0 && !alarmSeries && telemetry.metrics.length > 0) {
    const m = ctx.alarmMetric[0];
    limitations.push(
      `The alarm's metric ${m?.namespace}/${m?.metricName} has no usable datapoints in the windows: no onset from it.`,
    );
  }

  const spanBuild = buildSpans(telemetry.traces);
  const firstDataAt = firstTimeOf(built.series, spanBuild.traces);
  const anchor = alarm.onset?.at ?? reason.breaches.find((b) => b >= windows.baselineStart) ?? null;
  const split = chooseSplit(windows, anchor, firstDataAt);
  if (split.note) limitations.push(split.note);

  const scan = scanMovements(built.series, windows.baselineStart, split.at, windows.incidentEnd);
  const movements = new Map<string, Movement[]>();
  for (const m of scan.moved) {
    const dimensions = seriesDimensions(built.series, m.series.seriesKey);
    const raw = serviceOfDimensions(dimensions);
    if (raw === null) continue;
    const service = namedAsTheLogsName(resolve(raw), dimensions, ctx.logServices);
    const list = movements.get(service);
    if (list) list.push(m);
    else movements.set(service, [m]);
  }

  discountCommonMode(movements);
  addConcurrencyHolder(built.series, movements, split.at, (name) =>
    namedAsTheLogsName(resolve(name), { FunctionName: name }, ctx.logServices),
  );
  addAlarmResource(movements, alarmSeries, alarm.series?.threshold ?? null, resolve);

  const agg = aggregateTraces(
    spanBuild.traces,
    (at) =>
      at < windows.baselineStart || at > windows.incidentEnd ? null : at < split.at ? 'baseline' : 'incident',
    resolve,
  );
  const callGraph = callGraphOf(agg);
  const signals = traceSignals(agg, split.at);
  // A span named by a secret or an address (X-Ray's database@host) was masked when it was read:
  // it cannot be named as an origin. Its time stays counted where its callers' is.
  const scored = scoreServices(movements, signals, reachability(callGraph));
  const services = scored.filter((s) => !s.service.includes(MARKER_PREFIX));
  if (services.length < scored.length)
    limitations.push(
      `${scored.length - services.length} traced remote(s) whose name was masked (an address or an account in it) are not ranked as origins.`,
    );
  const top = services[0];
  const origin = top && top.score >= ORIGIN_MIN_SCORE ? top.service : null;

  limitations.push(...metricLimitations(built, scan));
  limitations.push(...traceLimitations(spanBuild, agg.counts));

  return {
    alarmOnset: alarm.onset,
    alarmSeries: alarm.series,
    services,
    callGraph,
    operations: operationsOf(agg),
    propagation: origin ? propagationPath(origin, callGraph) : [],
    blastRadius: origin ? blastRadius(origin, callGraph) : [],
    traceOrigins: [...agg.failedTraces]
      .slice(0, MAX_TRACE_ORIGINS)
      .map(([traceId, service]) => ({ traceId, service })),
    stats: {
      datapoints: built.datapoints,
      datapointsUsed: built.used,
      series: built.series.length,
      spans: telemetry.traces.length === 0 ? 0 : spanBuild.spans + spanBuild.capped,
      spansUsed: spanBuild.spans,
      traces: spanBuild.traces.size,
    },
    limitations,
  };
}

function firstTimeOf(series: readonly MetricSeries[], traces: ReadonlyMap<string, readonly TraceSegment[]>) {
  let first = Number.POSITIVE_INFINITY;
  for (const s of series) first = Math.min(first, s.at[0] ?? Number.POSITIVE_INFINITY);
  for (const segs of traces.values()) for (const seg of segs) first = Math.min(first, seg.start_time * 1000);
  return first;
}

/**
 * A resource has several names among a metric's dimensions (Container Insights gives a node's
 * InstanceId and its NodeName): when the one chosen is not a name the logs use and another is, the
 * logs' name is the resource's, so its metric and its lines are one service.
 */
function namedAsTheLogsName(
  chosen: string,
  dimensions: Record<string, string>,
  logServices: readonly string[],
): string {
  if (logServices.includes(chosen)) return chosen;
  return Object.values(dimensions).find((value) => logServices.includes(value)) ?? chosen;
}

function seriesDimensions(
  series: readonly { key: string; dimensions: Record<string, string> }[],
  key: string,
) {
  return series.find((s) => s.key === key)?.dimensions ?? {};
}

function metricLimitations(
  built: ReturnType<typeof buildSeries>,
  scan: ReturnType<typeof scanMovements>,
): string[] {
  const out: string[] = [];
  if (built.invalid > 0)
    out.push(`${built.invalid} metric datapoint(s) without a finite value or time were dropped.`);
  if (built.duplicates > 0)
    out.push(`${built.duplicates} metric datapoint(s) repeating a timestamp of their series were dropped.`);
  if (built.outside > 0)
    out.push(`${built.outside} metric datapoint(s) outside the analysis windows were not used.`);
  if (built.capped > 0) out.push(`${built.capped} metric datapoint(s) beyond the cap were not read.`);
  if (scan.singlePoint > 0)
    out.push(`${scan.singlePoint} metric series have a single point: no baseline to compare with.`);
  if (scan.tooFew > 0) {
    out.push(
      `${scan.tooFew} metric series have too few points on one side of the baseline/incident split to compare.`,
    );
  }
  return out;
}

function traceLimitations(
  spans: ReturnType<typeof buildSpans>,
  counts: { orphans: number; skewed: number; unfinished: number },
): string[] {
  const out: string[] = [];
  if (spans.capped > 0) {
    out.push(
      `${spans.capped} span(s) of ${spans.tracesCapped} trace(s) beyond the cap of ${spans.spans} spans were not analyzed.`,
    );
  }
  if (counts.orphans > 0)
    out.push(`${counts.orphans} span(s) name a parent missing from their trace: treated as roots.`);
  if (counts.skewed > 0) {
    out.push(
      `${counts.skewed} span(s) reach outside their parent's time (clock skew between hosts): clipped; network times use durations only.`,
    );
  }
  if (counts.unfinished > 0)
    out.push(`${counts.unfinished} span(s) never ended (in progress): left out of the timings.`);
  return out;
}

/**
 * An alarm on a resource (connections, free storage, CPU) names that resource's owner even when
 * the data holds no quiet baseline to measure its rise against; symptoms (errors, latency at an
 * entry point) do not.
 */
function addAlarmResource(
  movements: Map<string, Movement[]>,
  s: MetricSeries | null,
  threshold: number | null,
  resolve: (raw: string) => string,
): void {
  if (!s) return;
  const kind = metricKind(s.metricName, s.unit, s.stat);
  if (kind.role !== 'resource') return;
  const raw = serviceOfDimensions(s.dimensions);
  if (raw === null) return;
  const service = resolve(raw);
  const list = movements.get(service) ?? [];
  if (list.some((m) => m.series.seriesKey === s.key)) return;
  const last = s.points[s.points.length - 1];
  const first = s.points[0];
  if (!last || !first) return;
  const thresholdText = threshold === null ? '' : ` (threshold ${formatValue(threshold, s.unit)})`;
  const ceiling = kind.bad === 'up' && levelledOffAtCeiling(first.value, s.values);
  list.push({
    series: movedSeries(s, {
      baselineMedian: first.value,
      incidentMedian: last.value,
      direction: kind.bad === 'down' ? 'down' : 'up',
      limit: kind.limit,
      onset: null,
      robustZ: 0,
    }),
    kind,
    evidence: {
      kind: 'metric',
      tool: 'metric-baseline',
      detail: `the alarm's own metric ${s.metricName} ${s.stat} breached${thresholdText}: ${formatValue(first.value, s.unit)} at the start of the data, ${formatValue(last.value, s.unit)} at its end${ceiling ? ', levelled off at a ceiling' : ''}`,
      strength: ceiling ? 0.7 : 0.45,
      at: null,
      seriesKey: s.key,
    },
    hint: kind.hint ? { faultClass: kind.hint, strength: ceiling ? 0.7 : 0.4 } : null,
  });
  movements.set(service, list);
}
