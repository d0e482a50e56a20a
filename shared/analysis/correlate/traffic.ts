import type { PatternStat } from '../collect/index.ts';

/**
 * A service's routine lines in each window: how much work it was seen doing. Routine lines are
 * ordinary (not error-like) lines of patterns the baseline holds too; a pattern the incident
 * brings (a retry or fallback notice) is the incident's behaviour, not its traffic.
 */
export interface ServiceTraffic {
  baseline: number;
  incident: number;
}

/** The routine lines of every service, per window, from the pattern counts. */
export function serviceTraffic(patterns: Iterable<PatternStat>): Map<string, ServiceTraffic> {
  const traffic = new Map<string, ServiceTraffic>();
  for (const p of patterns) {
    if (p.errorLike || p.baselineCount === 0) continue;
    const t = traffic.get(p.service) ?? { baseline: 0, incident: 0 };
    t.baseline += p.baselineCount;
    t.incident += p.incidentCount;
    traffic.set(p.service, t);
  }
  return traffic;
}

/**
 * How much more often a pattern occurs per line of its own service's routine traffic in the
 * incident window than in the baseline: a per-request rate, where the per-minute rate also moves
 * with load and with how much of each window the data covers. Null when the service's traffic is
 * not seen in both windows (a service that logs only errors, or one that fell silent): there the
 * per-minute rate is all there is.
 */
export function trafficRatio(pattern: PatternStat, traffic: ServiceTraffic | undefined): number | null {
  if (!traffic || traffic.baseline === 0 || traffic.incident === 0 || pattern.baselineCount === 0)
    return null;
  return pattern.incidentCount / traffic.incident / (pattern.baselineCount / traffic.baseline);
}
