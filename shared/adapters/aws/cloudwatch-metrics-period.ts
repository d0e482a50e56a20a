/** Periods GetMetricData is asked for, shortest first (seconds). */
export const PERIODS = [60, 300, 900, 3600, 21_600, 86_400] as const;

/** Most datapoints asked of one series: enough to see a change, few enough to batch 500 series a call. */
export const MAX_POINTS_PER_SERIES = 360;

const DAY_MS = 86_400_000;

/**
 * The shortest period that covers the window with at most `maxPoints` points per series and that
 * CloudWatch still holds for data this old: one-minute data is kept 15 days, five-minute data 63
 * days, hourly data 455 days.
 */
export function periodFor(
  startTime: number,
  endTime: number,
  now: number,
  maxPoints = MAX_POINTS_PER_SERIES,
): number {
  const windowSeconds = Math.max(1, (endTime - startTime) / 1000);
  const retained = retainedPeriod(startTime, now);
  const fits = PERIODS.find((p) => p >= retained && windowSeconds / p <= maxPoints);
  return fits ?? 86_400;
}

/** At least `minimum`, rounded up to a multiple of 60 (what GetMetricData accepts for standard data). */
export function atLeast(period: number | undefined, minimum: number): number {
  const wanted = Math.max(period ?? minimum, minimum);
  return Math.ceil(wanted / 60) * 60;
}

/** The shortest period CloudWatch still holds for data from `startTime` on (seconds). */
export function retainedPeriod(startTime: number, now: number): number {
  const age = now - startTime;
  return age > 63 * DAY_MS ? 3600 : age > 15 * DAY_MS ? 300 : 60;
}
