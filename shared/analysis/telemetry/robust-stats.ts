/** Robust statistics (median and MAD, never mean and standard deviation) and a change-point split. */

/** MAD times this estimates the standard deviation of normal data. */
export const MAD_TO_SD = 1.4826;

/** One buffer for the medians' working copies: a median allocates nothing. */
let scratch = new Float64Array(1024);

function buffer(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  return scratch;
}

/** The median of finite values (NaN for none). The input is not modified. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const a = buffer(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    // NaN has no place in an order: the sorted path puts it last, as before.
    if (Number.isNaN(v)) return medianOfSorted(Float64Array.from(values).sort());
    a[i] = v;
  }
  return medianInPlace(a, n);
}

function medianOfSorted(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/** The median of the first `n` values of `a` (reordered), by selection rather than a full sort. */
function medianInPlace(a: Float64Array, n: number): number {
  const mid = n >> 1;
  const hi = select(a, n, mid);
  if (n % 2 === 1) return hi;
  // Selection leaves the lower half before `mid`: its largest is the other middle value.
  let lo = a[0] as number;
  for (let i = 1; i < mid; i++) if ((a[i] as number) > lo) lo = a[i] as number;
  return (lo + hi) / 2;
}

/**
 * The k-th smallest of a[0..n) (Hoare's selection, median-of-three pivots), leaving smaller values
 * before k and larger after. A range that resists partitioning is sorted instead (bounded time).
 */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  let rounds = 0;
  const maxRounds = 2 * Math.ceil(Math.log2(n + 1)) + 8;
  while (hi > lo) {
    if (++rounds > maxRounds) {
      a.subarray(lo, hi + 1).sort();
      break;
    }
    const m = (lo + hi) >> 1;
    const x = a[lo] as number;
    const y = a[m] as number;
    const z = a[hi] as number;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/** The median absolute deviation from the median (NaN for none). */
export function mad(values: ArrayLike<number>, center = median(values)): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  if (Number.isNaN(center)) return Number.NaN;
  const dev = buffer(n);
  for (let i = 0; i < n; i++) {
    const v = Math.abs((values[i] as number) - center);
    if (Number.isNaN(v)) return medianOfSorted(Float64Array.from(values, (x) => Math.abs(x - center)).sort());
    dev[i] = v;
  }
  return medianInPlace(dev, n);
}

/**
 * A robust standard deviation, floored so that a flat baseline (MAD 0) does not make every tiny
 * wiggle infinitely significant: at least `relFloor` of the level, and `absFloor`.
 */
export function robustScale(
  values: ArrayLike<number>,
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
  baseline: ArrayLike<number>,
  incident: ArrayLike<number>,
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
  // When it did not walk back, walk forward over later values that still lie within the earlier
  // values' spread: a short shifted tail lets the split statistic take a few unshifted values into
  // its later segment.
  const before0 = values.slice(0, index);
  const mBefore0 = median(before0);
  const sBefore0 = robustScale(before0, mBefore0, 0.02);
  const walkForward = index === best.index;
  while (walkForward && index < n - minSegment) {
    const v = values[index] as number;
    if (Math.abs(v - mBefore0) <= 3 * sBefore0) index++;
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
