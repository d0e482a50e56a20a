import { formatNumber } from './format.ts';
import { metricKind } from './metric-kinds.ts';
import { type Movement, movedSeries } from './metric-movement.ts';
import type { MetricSeries } from './metric-series.ts';
import { median } from './robust-stats.ts';
import { LIMIT_REACHED } from './types.ts';

/**
 * Lambda runs every function of an account and Region from one pool of concurrency unless a
 * function reserves its own (Lambda Developer Guide, "Lambda function scaling"; the account-level
 * `ConcurrentExecutions` metric, with no dimension, and each function's under `FunctionName`).
 * When functions are throttled while one function's ConcurrentExecutions has risen to most of the
 * account's, that function holds the concurrency the others were refused.
 */
const LAMBDA = 'AWS/Lambda';
const CONCURRENCY = 'ConcurrentExecutions';
/** The holder's share of the account's concurrency at its peak. */
const HOLDER_SHARE = 0.5;
/** ... after rising this many times its baseline. */
const HOLDER_RISE = 3;
/** What the throttles of the functions it crowded out still say of them. */
const CROWDED_OUT = 0.5;

function isConcurrency(s: MetricSeries): boolean {
  return s.namespace === LAMBDA && s.metricName === CONCURRENCY;
}

function split(s: MetricSeries, at: number): { before: number[]; after: number[] } {
  const before: number[] = [];
  const after: number[] = [];
  for (const [i, t] of s.at.entries()) (t < at ? before : after).push(s.values[i] as number);
  return { before, after };
}

/**
 * Finds the function holding the account's shared concurrency while others are throttled, adds
 * that to its movements as a resource at its limit, and counts the throttles of the others as its
 * doing (discounted). `serviceOf` names the service of a function.
 */
export function addConcurrencyHolder(
  series: readonly MetricSeries[],
  movements: Map<string, Movement[]>,
  splitAt: number,
  serviceOf: (functionName: string) => string,
): void {
  const throttled = [...movements].filter(([, list]) =>
    list.some(
      (m) =>
        m.series.namespace === LAMBDA && /throttl/i.test(m.series.metricName) && m.series.direction === 'up',
    ),
  );
  if (throttled.length === 0) return;
  const account = series.find((s) => isConcurrency(s) && Object.keys(s.dimensions).length === 0);
  const functions = series.filter((s) => isConcurrency(s) && s.dimensions.FunctionName !== undefined);
  const accountPeak = account ? Math.max(...split(account, splitAt).after, 0) : 0;
  const total =
    accountPeak > 0
      ? accountPeak
      : functions.reduce((n, s) => n + Math.max(...split(s, splitAt).after, 0), 0);
  if (total <= 0) return;
  for (const s of functions) {
    const { before, after } = split(s, splitAt);
    if (before.length === 0 || after.length === 0) continue;
    const peak = Math.max(...after);
    const baseline = median(before);
    if (peak < HOLDER_SHARE * total || median(after) < HOLDER_RISE * Math.max(1, baseline)) continue;
    const service = serviceOf(s.dimensions.FunctionName as string);
    const onsetIndex = s.at.findIndex(
      (t, i) => t >= splitAt - 15 * 60_000 && (s.values[i] as number) >= HOLDER_RISE * Math.max(1, baseline),
    );
    const onset = onsetIndex >= 0 ? (s.at[onsetIndex] as number) : splitAt;
    const others = throttled.map(([name]) => name).filter((name) => name !== service);
    const movement: Movement = {
      series: movedSeries(s, {
        baselineMedian: baseline,
        incidentMedian: median(after),
        direction: 'up',
        limit: accountPeak > 0 ? accountPeak : null,
        onset,
        robustZ: 0,
      }),
      kind: metricKind(s.metricName, s.unit, s.stat),
      evidence: {
        kind: 'metric',
        tool: 'metric-saturation',
        detail: `${CONCURRENCY} rose to ${formatNumber(peak)} of the account's ${formatNumber(total)} shared concurrency (median ${formatNumber(baseline)} before) while ${others.join(', ') || 'other functions'} were throttled`,
        strength: LIMIT_REACHED,
        at: onset,
        seriesKey: s.key,
      },
      hint: { faultClass: 'throttling', strength: LIMIT_REACHED },
    };
    movements.set(service, [movement, ...(movements.get(service) ?? [])]);
    for (const name of others)
      for (const m of movements.get(name) ?? [])
        if (/throttl/i.test(m.series.metricName)) {
          m.evidence.strength = Math.round(m.evidence.strength * CROWDED_OUT * 1000) / 1000;
          m.evidence.detail += ` (crowded out by ${service})`;
          if (m.hint) m.hint.strength = Math.round(m.hint.strength * CROWDED_OUT * 1000) / 1000;
        }
  }
}
