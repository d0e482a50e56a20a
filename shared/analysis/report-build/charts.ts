import type { Chart, ChartMarker, ChartSeries, Phase, ServiceMap } from '../../domain/report-visuals.ts';
import type { Anomaly } from '../correlate/anomalies.ts';
import type { Findings } from '../correlate/findings.ts';
import type { SeriesPoint, TelemetryFindings } from '../telemetry/types.ts';
import { anomaliesOf, countsOf, minuteStart } from './error-series.ts';

const MAX_SERVICE_CHARTS = 6;
const MAX_SERIES_PER_CHART = 4;
const MAX_POINTS = 600;

const iso = (ms: number) => new Date(ms).toISOString();

/** The telemetry findings, once correlation carries them (`findings.telemetry`); absent before. */
export function telemetryOf(f: Findings): TelemetryFindings | null {
  const t = (f as { telemetry?: TelemetryFindings | null }).telemetry;
  return t && typeof t === 'object' ? t : null;
}

function markers(f: Findings, phases: readonly Phase[], onset: number | null): ChartMarker[] {
  const out: ChartMarker[] = [];
  if (f.trigger) out.push({ at: iso(f.trigger.change.at), kind: 'trigger', label: f.trigger.change.kind });
  if (onset !== null) out.push({ at: iso(onset), kind: 'onset', label: 'onset' });
  if (f.patientZero) out.push({ at: iso(f.patientZero.at), kind: 'first-signal', label: 'first signal' });
  out.push({ at: iso(f.windows.alarmAt), kind: 'alarm', label: 'alarm' });
  for (const p of phases) {
    if (p.kind === 'down') out.push({ at: p.start, kind: 'down', label: 'down' });
    if (p.kind === 'recovered') out.push({ at: p.start, kind: 'recovered', label: 'recovered' });
  }
  return out;
}

/** Minutes of calm shown before the first marked moment (the trigger or the first signal). */
const LEAD_MINUTES = 10;

/** Where a chart starts: a little before the earliest marked moment, so the change fills the picture. */
function chartStart(f: Findings): number {
  const moments = [f.windows.alarmAt, f.patientZero?.at, f.trigger?.change.at].filter(
    (t): t is number => t !== undefined && Number.isFinite(t),
  );
  return Math.min(...moments) - LEAD_MINUTES * 60_000;
}

function minuteSeries(f: Findings, label: string, anomalies: readonly Anomaly[]): ChartSeries {
  const c = countsOf(f, anomalies);
  const from = chartStart(f);
  const points = c.values
    .map((value, i) => ({ at: minuteStart(f, c.startMinute + i), value }))
    .filter((p) => p.at + 60_000 > from)
    .slice(-MAX_POINTS);
  return { label, points: points.map((p) => ({ at: iso(p.at), value: p.value })) };
}

/** How a pattern's lines are told apart in a legend: by HTTP status, else by level. */
function kindLabel(a: Anomaly): string {
  const status = a.pattern.samples[0]?.statusCode;
  return status !== undefined ? `HTTP ${status}` : `${a.pattern.level} lines`;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'service';

function toPoints(points: readonly SeriesPoint[]): ChartSeries['points'] {
  return points
    .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value))
    .slice(-MAX_POINTS)
    .map((p) => ({ at: iso(p.at), value: p.value }));
}

/**
 * The pictures of the report, as data: the alarm's metric (when telemetry gives it), the error
 * lines per minute of the affected services together, then per service what moved (its error
 * lines by kind; a metric that moved, when telemetry gives one).
 */
export function buildCharts(f: Findings, phases: readonly Phase[]): Chart[] {
  if (f.affected.length === 0) return [];
  const telemetry = telemetryOf(f);
  const onset = telemetry?.alarmOnset?.at ?? null;
  const marks = markers(f, phases, onset);
  const charts: Chart[] = [];
  const alarm = telemetry?.alarmSeries;
  if (alarm && alarm.points.length > 0) {
    charts.push({
      id: 'alarm-metric',
      kind: 'alarm-metric',
      title: `Alarm metric: ${alarm.label}`,
      unit: alarm.unit ?? alarm.label,
      series: [{ label: alarm.label, points: toPoints(alarm.points) }],
      threshold: alarm.threshold,
      markers: marks,
    });
  }
  charts.push({
    id: 'error-lines',
    kind: 'service-errors',
    title: 'New error lines per minute, by affected service',
    unit: 'lines per minute',
    series: f.affected
      .slice(0, MAX_SERIES_PER_CHART)
      .map((a) => minuteSeries(f, a.service, anomaliesOf(f, a.service))),
    markers: marks,
  });
  for (const a of f.affected.slice(0, MAX_SERVICE_CHARTS)) {
    const byKind = new Map<string, Anomaly[]>();
    for (const x of anomaliesOf(f, a.service))
      byKind.set(kindLabel(x), [...(byKind.get(kindLabel(x)) ?? []), x]);
    const kinds = [...byKind].sort(
      (p, q) =>
        q[1].reduce((n, x) => n + x.pattern.incidentCount, 0) -
        p[1].reduce((n, x) => n + x.pattern.incidentCount, 0),
    );
    if (kinds.length > 0) {
      charts.push({
        id: `errors-${slug(a.service)}`,
        kind: 'service-errors',
        title: `${a.service}: new lines per minute`,
        service: a.service,
        unit: 'lines per minute',
        series: kinds.slice(0, MAX_SERIES_PER_CHART).map(([label, list]) => minuteSeries(f, label, list)),
        markers: marks,
      });
    }
    const moved = telemetry?.services.find((s) => s.service === a.service)?.series[0];
    if (moved && moved.points.length > 0) {
      charts.push({
        id: `metric-${slug(a.service)}`,
        kind: 'service-metric',
        title: `${a.service}: ${moved.label}`,
        service: a.service,
        unit: moved.unit ?? moved.label,
        series: [{ label: moved.label, points: toPoints(moved.points) }],
        threshold: moved.limit,
        markers: marks,
      });
    }
  }
  return charts.slice(0, 12);
}

/** The propagation path as a map, when traces give the calls between the services. */
export function buildServiceMap(f: Findings): ServiceMap | null {
  const t = telemetryOf(f);
  if (!t || t.callGraph.length === 0) return null;
  const origin = t.propagation[0] ?? f.root?.service ?? null;
  const edges = t.callGraph
    .filter((e) => e.calls.incident > 0)
    .slice(0, 80)
    .map((e) => {
      const share = e.errorShare.incident;
      return {
        from: e.caller,
        to: e.callee,
        ...(share !== null && share > 0 ? { label: `${Math.round(share * 100)}% failed` } : {}),
      };
    });
  const names = [...new Set(edges.flatMap((e) => [e.from, e.to]))].slice(0, 40);
  if (names.length === 0) return null;
  return { nodes: names.map((service) => ({ service, origin: service === origin })), edges };
}
