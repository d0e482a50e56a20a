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
