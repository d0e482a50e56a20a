import type { ServiceRole } from '../../domain/service-role.ts';
import { levelWeight } from '../signals/classify-line.ts';
import { iso } from './iso.ts';
import type { Suspect } from './suspects.ts';
import type { ServiceTraffic } from './traffic.ts';

/** A service whose behaviour changed in the incident window, and how. */
export interface AffectedFinding {
  service: string;
  role: ServiceRole;
  health: 'down' | 'degraded' | 'unknown';
  firstAt: number;
  errorCount: number;
  impact: string;
  suspect: Suspect;
}

/** Below this chance of falling in the incident window by luck alone, a few new lines are an effect. */
const CHANCE = 0.05;

/** A service's new lines that began this long before the origin's first signal are none of its effects. */
const BEFORE_THE_CAUSE_MS = 2 * 60_000;

/**
 * Whether luck explains a service's new lines: a few lines below error level (or errors that began
 * before the origin's fault did, which cannot be its effect), new in the incident window, from a
 * service no one names and that names no one. Were they a rare routine of its own, each would fall
 * in the incident window with the share of its traffic that falls there; all k of them together
 * with that share to the power k. At or above CHANCE, they say nothing of the fault.
 */
function byChance(s: Suspect, root: Suspect, traffic: ReadonlyMap<string, ServiceTraffic>): boolean {
  if (s === root || s.anomalies.length === 0 || s.blamedBy.size > 0 || s.blames.size > 0) return false;
  const beforeTheCause = s.firstAt < root.firstAt - BEFORE_THE_CAUSE_MS;
  const severe = (a: Suspect['anomalies'][number]) => levelWeight(a.pattern.level) >= levelWeight('ERROR');
  if (s.anomalies.some((a) => !a.isNew || (severe(a) && !beforeTheCause))) return false;
  const t = traffic.get(s.service);
  if (!t || t.baseline + t.incident === 0) return false;
  const lines = s.anomalies.reduce((n, a) => n + a.pattern.incidentCount, 0);
  return (t.incident / (t.baseline + t.incident)) ** lines >= CHANCE;
}

/** New lines that begin this soon after a service's own release or reconfiguration are that change's. */
const OWN_CHANGE_MS = 10 * 60_000;

/**
 * Whether a service's new lines are its own change's doing: each began within minutes after a
 * release or configuration change of its own (a warm-up's errors after its rollout), no one names
 * it and it names no service that fails with the others, so nothing ties them to the origin's fault.
 */
function afterOwnChange(
  s: Suspect,
  root: Suspect,
  ownChanges: readonly number[],
  suspects: ReadonlyMap<string, Suspect>,
): boolean {
  if (s === root || s.anomalies.length === 0 || s.blamedBy.size > 0) return false;
  // What it names may be part of its own change (the backend its new version starts against), so
  // long as none of it is failing with the others.
  if ([...s.blames.keys()].some((target) => suspects.has(target))) return false;
  return s.anomalies.every((a) =>
    ownChanges.some(
      (at) => at <= a.pattern.firstIncidentAt && a.pattern.firstIncidentAt - at <= OWN_CHANGE_MS,
    ),
  );
}

/**
 * The services whose behaviour changed with the origin, origin first; a service whose few new
 * lines luck alone explains is left out (byChance), so is one whose episode of its own was over
 * before the others began (`earlier`), and one whose new lines followed a change of its own
 * (`changedAt`: the times of each service's releases and configuration changes).
 */
export function affectedServices(
  suspects: Map<string, Suspect>,
  root: Suspect,
  traffic: ReadonlyMap<string, ServiceTraffic> = new Map(),
  earlier: ReadonlySet<string> = new Set(),
  changedAt: ReadonlyMap<string, readonly number[]> = new Map(),
): AffectedFinding[] {
  const affected = [...suspects.values()].filter(
    (s) =>
      s === root ||
      (!earlier.has(s.service) &&
        !byChance(s, root, traffic) &&
        !afterOwnChange(s, root, changedAt.get(s.service) ?? [], suspects)),
  );
  const list = affected.map((s) => {
    const errorCount = s.anomalousLines;
    const fatal = s.anomalies.some(
      (a) =>
        a.pattern.level === 'FATAL' ||
        a.pattern.signals.some((x) => x.faultClass === 'memory_exhaustion' || x.faultClass === 'crash_loop'),
    );
    const health: AffectedFinding['health'] = fatal ? 'down' : 'degraded';
    const top = [...s.anomalies].sort((a, b) => b.pattern.incidentCount - a.pattern.incidentCount)[0];
    const what = top ? top.pattern.template : 'errors';
    const impact =
      s.anomalies.length === 0
        ? `${s === root ? 'Origin of the fault, from its metrics, traces or routine lines' : 'Slowed or failed with it in the traces'}: ${s.first.message}`
        : s === root
          ? `Origin of the fault: ${errorCount} new error line(s), first at ${iso(s.firstAt)}; most frequent: ${what}`
          : `${errorCount} new error line(s) from ${iso(s.firstAt)}; most frequent: ${what}`;
    return { service: s.service, role: s.role, health, firstAt: s.firstAt, errorCount, impact, suspect: s };
  });
  return list.sort((a, b) =>
    a.suspect === root
      ? -1
      : b.suspect === root
        ? 1
        : a.firstAt - b.firstAt || (a.service < b.service ? -1 : 1),
  );
}

/** Root first, then each affected service in the order the failure reached it (blame edges first, then time). */
export function propagationPath(root: Suspect, affected: AffectedFinding[]): string[] {
  const path = [root.service];
  const remaining = new Set(affected.map((a) => a.service).filter((s) => s !== root.service));
  const byService = new Map(affected.map((a) => [a.service, a.suspect]));
  while (remaining.size > 0) {
    const last = byService.get(path[path.length - 1] as string);
    const next =
      [...remaining].find((s) => last?.blamedBy.has(s)) ??
      [...remaining].sort((a, b) => (byService.get(a)?.firstAt ?? 0) - (byService.get(b)?.firstAt ?? 0))[0];
    if (!next) break;
    path.push(next);
    remaining.delete(next);
  }
  return path;
}
