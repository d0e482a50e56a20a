import { EXPRESSION_NAMESPACE } from '../../domain/telemetry.ts';
import { findAlarmSeries } from './alarm-onset.ts';
import { evaluateMetricMath, type MathInput } from './metric-math.ts';
import { type MetricSeries, seriesFromPoints } from './metric-series.ts';
import type { AlarmExpressionRef, AlarmMetricRef } from './types.ts';

/** A query id as CloudWatch allows it: safe to quote in a note. */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,63}$/;

export interface AlarmSeriesChoice {
  series: MetricSeries | null;
  /** What could not be used, for the report's limitations. */
  notes: string[];
}

/**
 * The series the alarm watches. For a plain alarm, its metric's. For a metric-math alarm, the
 * expression's own results when the data holds them, else the expression evaluated here over the
 * series of the queries it names; when it cannot be, no series, and a note that says why.
 */
export function chooseAlarmSeries(
  all: readonly MetricSeries[],
  metrics: readonly AlarmMetricRef[],
  expressions: readonly (string | AlarmExpressionRef)[],
): AlarmSeriesChoice {
  const refs = expressions.map((e) => (typeof e === 'string' ? { expression: e } : e));
  const target = refs.find((e) => e.returnData === true) ?? refs[refs.length - 1];
  if (!target) return { series: findAlarmSeries(all, metrics), notes: [] };
  const name = target.id !== undefined && QUERY_ID.test(target.id) ? ` ${target.id}` : '';
  const own = all.find(
    (s) =>
      s.namespace === EXPRESSION_NAMESPACE &&
      s.dimensions.Expression === target.expression &&
      s.points.length > 0,
  );
  if (own) return { series: own, notes: [] };

  const inputs = new Map<string, MathInput>();
  const used: MetricSeries[] = [];
  const missing: string[] = [];
  for (const ref of metrics) {
    if (ref.id === undefined) continue;
    const s = findAlarmSeries(all, [ref]);
    if (s) used.push(s);
    else if (QUERY_ID.test(ref.id)) missing.push(ref.id);
    inputs.set(ref.id, { points: s?.points ?? [] });
  }
  for (const e of refs)
    if (e.id !== undefined && e !== target) inputs.set(e.id, { expression: e.expression });
  if (target.id !== undefined) inputs.set(target.id, { expression: target.expression });

  const outcome = evaluateMetricMath(target.expression, inputs);
  const without = missing.length > 0 ? ` (no datapoints for ${missing.join(', ')})` : '';
  if (!outcome.ok) {
    return {
      series: null,
      notes: [
        `The alarm's metric-math expression${name} could not be evaluated here: ${outcome.reason}; its onset is taken from the other telemetry.`,
      ],
    };
  }
  if (outcome.points.length === 0) {
    return {
      series: null,
      notes: [
        `The alarm's metric-math expression${name} gives no point over the windows${without}; its onset is taken from the other telemetry.`,
      ],
    };
  }
  const notes: string[] = [];
  if (outcome.dropped > 0) {
    notes.push(
      `${outcome.dropped} point(s) of the alarm's metric-math expression${name} had no finite value (a division by zero or the like) and were left out.`,
    );
  }
  if (missing.length > 0) {
    notes.push(
      `The alarm's metric-math expression${name} was evaluated without datapoints of ${missing.join(', ')}.`,
    );
  }
  return { series: expressionSeries(target, used, outcome.points), notes };
}

/** The evaluated expression as a series; the dimensions its metrics share (the resource it watches). */
function expressionSeries(
  target: AlarmExpressionRef,
  used: readonly MetricSeries[],
  points: MetricSeries['points'],
): MetricSeries {
  const first = used[0];
  const shared =
    first && used.every((s) => sameDimensions(s.dimensions, first.dimensions)) ? first.dimensions : {};
  const metricName = (target.label ?? target.id ?? 'expression').slice(0, 256);
  const units = new Set(used.map((s) => s.unit));
  const unit = units.size === 1 ? [...units][0] : undefined;
  return seriesFromPoints(
    {
      key: `${EXPRESSION_NAMESPACE}|${metricName}|Expression=${target.expression.slice(0, 1024)}|Expression`,
      namespace: EXPRESSION_NAMESPACE,
      metricName,
      stat: 'Expression',
      ...(unit === undefined || !additive(target.expression) ? {} : { unit }),
      period: used.length > 0 ? Math.max(...used.map((s) => s.period)) : 60,
      dimensions: { ...shared },
    },
    points,
  );
}

/** Sums and differences keep their metrics' unit; products, ratios and functions do not. */
function additive(expression: string): boolean {
  return !/[*/^(<>=!&|]/.test(expression);
}

function sameDimensions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
