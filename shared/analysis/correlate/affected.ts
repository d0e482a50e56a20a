import type { ServiceRole } from '../../domain/service-role.ts';
import { iso } from './iso.ts';
import type { Suspect } from './suspects.ts';

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

export function affectedServices(suspects: Map<string, Suspect>, root: Suspect): AffectedFinding[] {
  const list = [...suspects.values()].map((s) => {
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
