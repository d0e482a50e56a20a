/** Medians need no more than this many values of one operation or edge in one window. */
export const MAX_SAMPLES = 400;

/** At most MAX_SAMPLES values, evenly spaced (deterministic). */
export function sample(values: readonly number[]): readonly number[] {
  if (values.length <= MAX_SAMPLES) return values;
  const step = values.length / MAX_SAMPLES;
  const out: number[] = [];
  for (let i = 0; i < MAX_SAMPLES; i++) out.push(values[Math.floor(i * step)] as number);
  return out;
}

/** How many values `sample` keeps of `length`. */
export function sampledLength(length: number): number {
  return Math.min(length, MAX_SAMPLES);
}

/** The i-th value `sample` would keep, read in place (no copy). */
export function sampledAt(values: readonly number[], i: number): number {
  // The same expression as `sample`, so the same index whatever the rounding.
  return (
    values.length <= MAX_SAMPLES ? values[i] : values[Math.floor(i * (values.length / MAX_SAMPLES))]
  ) as number;
}
