/**
 * Where a count series steps up: the single change point of a Poisson rate (the split that best
 * explains the counts as two constant rates, by likelihood ratio), accepted only when the later
 * rate is clearly higher. Error lines per minute are counts, so a burst of one minute weighs as
 * much as its lines say, and a quiet series with a few errors still has a well-defined split. With
 * an exposure (all lines per minute), the rate is per line logged, so more traffic, or logs that
 * begin mid-minute, is not mistaken for more errors.
 */
export interface Onset {
  /** The first minute (relative to the alarm) of the higher rate. */
  minute: number;
  /** Lines per minute (per line of exposure, when given) before and from the onset. */
  rateBefore: number;
  rateAfter: number;
  /** Log-likelihood ratio of two rates over one: how clearly the series steps. */
  llr: number;
}

/** The later rate must be at least this many times the earlier one. */
const MIN_RATIO = 3;
/** A likelihood ratio below this could be chance (about p < 0.001 for one change point). */
const MIN_LLR = 7;
const MIN_LINES_AFTER = 3;

/**
 * The onset of `counts` (minute → lines) over the minutes `from`..`to` inclusive, with at least
 * `minBefore` minutes before it; null when the series does not step up clearly.
 */
export function stepOnset(
  counts: ReadonlyMap<number, number>,
  from: number,
  to: number,
  minBefore = 1,
  exposure?: ReadonlyMap<number, number>,
): Onset | null {
  const length = to - from + 1;
  if (length < minBefore + 1) return null;
  const events = new Float64Array(length + 1);
  const time = new Float64Array(length + 1);
  for (let i = 0; i < length; i++) {
    const n = counts.get(from + i) ?? 0;
    events[i + 1] = (events[i] as number) + n;
    time[i + 1] = (time[i] as number) + (exposure ? Math.max(n, exposure.get(from + i) ?? 0) : 1);
  }
  const total = events[length] as number;
  const span = time[length] as number;
  if (total < MIN_LINES_AFTER || span <= 0) return null;
  const whole = poissonLogLik(total, span);
  let best: Onset | null = null;
  for (let k = minBefore; k < length; k++) {
    const before = events[k] as number;
    const after = total - before;
    const tBefore = time[k] as number;
    const tAfter = span - tBefore;
    if (tBefore <= 0 || tAfter <= 0) continue;
    const rateBefore = before / tBefore;
    const rateAfter = after / tAfter;
    if (after < MIN_LINES_AFTER || rateAfter < MIN_RATIO * rateBefore) continue;
    const llr = poissonLogLik(before, tBefore) + poissonLogLik(after, tAfter) - whole;
    if (llr >= MIN_LLR && (!best || llr > best.llr)) best = { minute: from + k, rateBefore, rateAfter, llr };
  }
  return best;
}

/** The maximised Poisson log-likelihood of `n` events in `t` minutes, less the terms that cancel. */
function poissonLogLik(n: number, t: number): number {
  return n > 0 ? n * Math.log(n / t) : 0;
}
