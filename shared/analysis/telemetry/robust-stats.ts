/** Robust statistics (median and MAD, never mean and standard deviation) and a change-point split. */

/** MAD times this estimates the standard deviation of normal data. */
export const MAD_TO_SD = 1.4826;

/** The median of finite values (NaN for none). The input is not modified. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  // A typed array sorts numerically in native code: much faster than a comparator on large pools.
  return medianOfSorted(Float64Array.from(values).sort());
}

function medianOfSorted(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/** The median absolute deviation from the median (NaN for none). */
export function mad(values: readonly number[], center = median(values)): number {
  if (values.length === 0) return Number.NaN;
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs((values[i] as number) - center);
  return medianOfSorted(dev.sort());
}

/**
 * A robust standard deviation, floored so that a flat baseline (MAD 0) does not make every tiny
 * wiggle infinitely significant: at least `relFloor` of the level, and `absFloor`.
 */
export function robustScale(
  values: readonly number[],
  center = median(values),
  relFloor = 0.05,
  absFloor = 1e-9,
) {
  const m = mad(values, center);
  const s = Number.isFinite(m) ? MAD_TO_SD * m : 0;
  return Math.max(s, Math.abs(center) * relFloor, absFloor);
}

/** The q-quantile (0..1) by linear interpolation (NaN for none). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] as number;
  return a + (b - a) * (pos - lo);
}

/** How a sample compares with its baseline, robustly. */
export interface RobustShift {
  baselineMedian: number;
  incidentMedian: number;
  /** Robust standard deviation of the baseline. */
  scale: number;
  /** (incident median - baseline median) / scale. */
  z: number;
}

export function robustShift(
  baseline: readonly number[],
  incident: readonly number[],
  relFloor = 0.05,
): RobustShift | null {
  if (baseline.length === 0 || incident.length === 0) return null;
  const baselineMedian = median(baseline);
  const incidentMedian = median(incident);
  const scale = robustScale(baseline, baselineMedian, relFloor);
  return { baselineMedian, incidentMedian, scale, z: (incidentMedian - baselineMedian) / scale };
}

export interface ChangePoint {
  /** Index of the first value after the change. */
  index: number;
  before: number;
  after: number;
  /** The shift in robust standard deviations of the values before it. */
  z: number;
}

/**
 * The most likely single change point of a series: the two-segment split that maximises the
 * difference of the segment medians over the pooled MAD of the residuals (weighted by the segment
 * sizes, so a one-point tail does not win by chance), then moved back to where the values first
 * left the earlier segment for good (a ramp starts before its steepest split). Null when the series
 * is too short or flat.
 */
export function changePoint(values: readonly number[], minSegment = 2): ChangePoint | null {
  const n = values.length;
  if (n < minSegment * 2) return null;
  let best: { index: number; stat: number } | null = null;
  for (let k = minSegment; k <= n - minSegment; k++) {
    const pre = values.slice(0, k);
    const post = values.slice(k);
    const mPre = median(pre);
    const mPost = median(post);
    const residuals = [...pre.map((v) => Math.abs(v - mPre)), ...post.map((v) => Math.abs(v - mPost))];
    const scale = Math.max(
      MAD_TO_SD * median(residuals),
      1e-9,
      0.01 * Math.max(Math.abs(mPre), Math.abs(mPost)),
    );
    const stat = (Math.abs(mPost - mPre) / scale) * Math.sqrt((k * (n - k)) / n);
    if (best === null || stat > best.stat + 1e-12) best = { index: k, stat };
  }
  if (!best || best.stat === 0) return null;
  let index = best.index;
  const up = median(values.slice(index)) > median(values.slice(0, index));
  // Walk back while the previous value already lies beyond the earlier values' spread.
  while (index > minSegment) {
    const pre = values.slice(0, index - 1);
    const m = median(pre);
    const s = robustScale(pre, m, 0.02);
    const v = values[index - 1] as number;
    if (up ? v > m + 3 * s : v < m - 3 * s) index--;
    else break;
  }
  const before = values.slice(0, index);
  const after = values.slice(index);
  const mBefore = median(before);
  const mAfter = median(after);
  return {
    index,
    before: mBefore,
    after: mAfter,
    z: (mAfter - mBefore) / robustScale(before, mBefore, 0.02),
  };
}
