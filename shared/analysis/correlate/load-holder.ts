import type { LogRecord } from '../../domain/log-event.ts';
import type { PatternStat } from '../collect/model.ts';
import type { Windows } from '../window.ts';
import type { BehaviourShift } from './behaviour.ts';
import { isSlowStatement, sessionOf } from './db-session.ts';
import { mentionedServices } from './mentions.ts';
import { inferRole } from './roles.ts';
import { failingWork, type Suspect } from './suspects.ts';

/** A statement's pattern has risen when its rate in the incident window is this many times its baseline's. */
const RISE_RATIO = 3;
/** The holder's statements are at least this share of the risen slow statements whose session is known. */
const HOLDER_SHARE = 0.5;
const MIN_LINES = 5;
/** Clock skew tolerated between the database's line and a client's first failure (different emitters). */
const SKEW_MS = 5_000;
const LOAD_SCORE = 0.6;

function isDatabase(
  service: string,
  services: ReadonlyMap<string, { logGroups: Iterable<string> }>,
  style: string,
) {
  return inferRole(service, services.get(service)?.logGroups ?? [], [style]) === 'database';
}

function risen(p: PatternStat, windows: Windows): boolean {
  const baselineMinutes = Math.max(1, (windows.baselineEnd - windows.baselineStart) / 60_000);
  const incidentMinutes = Math.max(1, (windows.incidentEnd - windows.baselineEnd) / 60_000);
  return p.incidentCount / incidentMinutes >= (RISE_RATIO * (p.baselineCount + 1)) / baselineMinutes;
}

/** The incident-window records kept of a pattern: its earliest lines and the earliest of each minute. */
function keptRecords(p: PatternStat, windows: Windows): LogRecord[] {
  const seen = new Set<LogRecord>();
  for (const r of [...p.samples, ...p.bucketSamples.values()]) if (r.at >= windows.baselineEnd) seen.add(r);
  return [...seen];
}

interface Load {
  lines: number;
  first: LogRecord;
}

/** The risen slow statements of each database, by the service their session names. */
function loadsBySession(
  patterns: readonly PatternStat[],
  services: ReadonlyMap<string, { logGroups: Iterable<string> }>,
  windows: Windows,
): Map<string, { total: number; by: Map<string, Load> }> {
  const known = [...services.keys()];
  const out = new Map<string, { total: number; by: Map<string, Load> }>();
  for (const p of patterns) {
    const head = p.samples[0];
    if (!head || p.errorLike || !isSlowStatement(head)) continue;
    if (!isDatabase(p.service, services, head.style) || !risen(p, windows)) continue;
    const records = keptRecords(p, windows);
    const db = out.get(p.service) ?? { total: 0, by: new Map<string, Load>() };
    out.set(p.service, db);
    // The kept records are a sample of the pattern's lines: each stands for an equal share of them.
    const each = p.incidentCount / Math.max(1, records.length);
    for (const r of records) {
      const named = mentionedServices(sessionOf(r), known, p.service).filter(
        (m) => m.weight === 1 && !isDatabase(m.service, services, ''),
      );
      if (named.length !== 1) continue;
      db.total += each;
      const service = (named[0] as { service: string }).service;
      const load = db.by.get(service);
      db.by.set(service, {
        lines: (load?.lines ?? 0) + each,
        first: load && load.first.at <= r.at ? load.first : r,
      });
    }
  }
  return out;
}

/**
 * The client whose statements a database spent itself on: when most of a database's risen slow
 * statements come from the sessions of one service other than a database, and other services fail
 * after they began, more than that service itself does, its load is the fault the database and the
 * others report. A service that failed before its statements did, or that fails most, is a victim.
 */
export function findLoadHolders(
  patterns: readonly PatternStat[],
  suspects: ReadonlyMap<string, Suspect>,
  services: ReadonlyMap<string, { logGroups: Iterable<string> }>,
  windows: Windows,
): BehaviourShift[] {
  const found: BehaviourShift[] = [];
  const work = new Map([...suspects.values()].map((s) => [s.service, failingWork(s)]));
  const workOf = (service: string) => work.get(service) ?? failingWork(undefined);
  for (const [database, { total, by }] of loadsBySession(patterns, services, windows)) {
    const [holder, load] = [...by].sort((a, b) => b[1].lines - a[1].lines)[0] ?? [];
    if (!holder || !load || load.lines < MIN_LINES || load.lines < HOLDER_SHARE * total) continue;
    const began = load.first.at;
    const own = workOf(holder);
    if (own.first < began - SKEW_MS) continue;
    const victims = [...suspects.values()].filter(
      (s) => s.service !== holder && s.service !== database && workOf(s.service).first >= began - SKEW_MS,
    );
    const theirs = victims.reduce((n, s) => n + workOf(s.service).lines, 0);
    if (victims.length === 0 || theirs <= own.lines) continue;
    found.push({
      service: holder,
      kind: 'load-holder',
      score: LOAD_SCORE,
      onset: began,
      detail: `${Math.round((100 * load.lines) / total)}% of ${database}'s risen slow statements are ${holder}'s, from ${Math.round((windows.alarmAt - began) / 60_000)} min before the alarm, and ${victims.map((s) => s.service).join(', ')} failed after they began`,
      record: load.first,
      reportedBy: [...(suspects.has(database) ? [database] : []), ...victims.map((s) => s.service)],
      via: database,
    });
  }
  return found;
}
