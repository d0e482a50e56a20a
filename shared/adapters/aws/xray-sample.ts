import type { TraceSummary } from '@aws-sdk/client-xray';

/**
 * The traces worth reading in full, at most `max`, each once: the failed ones (fault, error,
 * throttle) first, spread over the window, then the slowest, then the others spread over the
 * window (what the service looked like when healthy, for the comparison with the baseline).
 */
export function sampleTraces(summaries: readonly TraceSummary[], max: number): string[] {
  const byId = new Map<string, TraceSummary>();
  for (const s of summaries) if (s.Id && !byId.has(s.Id)) byId.set(s.Id, s);
  const all = [...byId.values()].sort(
    (a, b) => timeOf(a) - timeOf(b) || (a.Id ?? '').localeCompare(b.Id ?? ''),
  );
  const chosen = new Set<string>();
  const take = (list: TraceSummary[], n: number) => {
    for (const s of spread(list, Math.min(n, max - chosen.size))) chosen.add(s.Id as string);
  };
  const failed = all.filter((s) => s.HasFault || s.HasError || s.HasThrottle);
  take(failed, Math.ceil(max / 2));
  const slowest = all
    .filter((s) => !chosen.has(s.Id as string))
    .sort((a, b) => (b.ResponseTime ?? b.Duration ?? 0) - (a.ResponseTime ?? a.Duration ?? 0));
  for (const s of slowest.slice(0, Math.max(0, Math.ceil(max / 4)))) {
    if (chosen.size >= max) break;
    chosen.add(s.Id as string);
  }
  take(
    all.filter((s) => !chosen.has(s.Id as string)),
    max - chosen.size,
  );
  return [...chosen];
}

/** `n` items evenly spaced through `list` (all of it when it is no longer). */
function spread<T>(list: readonly T[], n: number): T[] {
  if (n <= 0) return [];
  if (list.length <= n) return [...list];
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)] as T);
}

function timeOf(s: TraceSummary): number {
  return s.StartTime?.getTime() ?? s.MatchedEventTime?.getTime() ?? 0;
}
