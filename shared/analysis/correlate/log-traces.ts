import type { LogRecord } from '../../domain/log-event.ts';
import { toXRayTraceId, traceIdsIn } from '../telemetry/trace-id.ts';
import type { RequestHops } from './request-hops.ts';
import type { Suspect } from './suspects.ts';

/**
 * The trace ids that failing log lines print, joined to the traces that failed: a caller's error
 * line that carries the id of a trace whose deepest failing span is another service's reports that
 * service's failure. Tallied per origin service, it says where the failures the logs report began.
 */

/** One service where traces that failing lines point into failed first. */
export interface TraceJoinOrigin {
  service: string;
  /** Failing lines (distinct service and trace) that point into its failed traces. */
  lines: number;
  /** The services whose failing lines point there → how many lines. */
  from: Map<string, number>;
}

export interface TraceJoin {
  /** Failing lines read for trace ids (bounded). */
  scanned: number;
  /** Distinct (service, trace id) pairs those lines carry. */
  withIds: number;
  /** How many of them are in a failed trace. */
  matched: number;
  /** Best supported first. */
  origins: TraceJoinOrigin[];
}

/** Lines and ids read at most: the earliest failures say as much as all of them. */
const MAX_LINES = 5_000;
const MAX_IDS = 20_000;

/**
 * The trace ids of failing lines: the suspects' anomalous samples, and the ids beside the warnings
 * and errors that `counts` keeps (those of the suspects in the incident window: routine warnings of
 * the other services would point anywhere).
 */
export function failingLineTraceIds(
  suspects: ReadonlyMap<string, Suspect>,
  hops: RequestHops,
  counts: (service: string, at: number) => boolean,
): { scanned: number; ids: Map<string, Set<string>> } {
  const ids = new Map<string, Set<string>>();
  let scanned = 0;
  let kept = 0;
  const add = (service: string, id: string) => {
    if (kept >= MAX_IDS) return;
    let set = ids.get(service);
    if (!set) {
      set = new Set();
      ids.set(service, set);
    }
    if (set.has(id)) return;
    set.add(id);
    kept++;
  };
  const read = (record: LogRecord) => {
    if (scanned >= MAX_LINES) return;
    scanned++;
    for (const id of traceIdsIn(record.raw)) add(record.service, id);
  };
  for (const s of suspects.values()) {
    read(s.first);
    for (const a of s.anomalies) for (const r of a.pattern.samples) read(r);
  }
  for (const [raw, services] of hops) {
    if (scanned >= MAX_LINES) break;
    const id = toXRayTraceId(raw);
    if (!id) continue;
    for (const [service, at] of services) {
      if (!counts(service, at)) continue;
      scanned++;
      add(service, id);
    }
  }
  return { scanned, ids };
}

/**
 * Where recorded traces failed first by their own failing lines, when the spans mark no failure: a
 * trace in which several services log failures failed first in the one the others call (directly
 * or not) and that calls none of them. Traces with one such service, or no clear deepest, say nothing.
 */
export function logFailureOrigins(
  lineIds: { ids: ReadonlyMap<string, ReadonlySet<string>> },
  recorded: ReadonlySet<string>,
  reaches: (from: string, to: string) => boolean,
): { traceId: string; service: string }[] {
  const servicesOf = new Map<string, string[]>();
  for (const [service, ids] of lineIds.ids) {
    for (const id of ids) {
      if (!recorded.has(id)) continue;
      const list = servicesOf.get(id);
      if (list) list.push(service);
      else servicesOf.set(id, [service]);
    }
  }
  const origins: { traceId: string; service: string }[] = [];
  for (const [traceId, services] of servicesOf) {
    if (services.length < 2) continue;
    const deepest = services.filter((s) => !services.some((t) => t !== s && reaches(s, t)));
    const [only] = deepest;
    if (deepest.length !== 1 || only === undefined) continue;
    if (services.some((t) => t !== only && reaches(t, only))) origins.push({ traceId, service: only });
  }
  return origins;
}

/** Tallies, per origin service of the failed traces, the failing lines that point into them. */
export function tallyTraceJoin(
  lineIds: { scanned: number; ids: ReadonlyMap<string, ReadonlySet<string>> },
  traceOrigins: readonly { traceId: string; service: string }[],
): TraceJoin {
  const originOf = new Map(traceOrigins.map((t) => [t.traceId.toLowerCase(), t.service]));
  const origins = new Map<string, TraceJoinOrigin>();
  let withIds = 0;
  let matched = 0;
  for (const [service, ids] of lineIds.ids) {
    for (const id of ids) {
      withIds++;
      const origin = originOf.get(id);
      if (origin === undefined) continue;
      matched++;
      let o = origins.get(origin);
      if (!o) {
        o = { service: origin, lines: 0, from: new Map() };
        origins.set(origin, o);
      }
      o.lines++;
      o.from.set(service, (o.from.get(service) ?? 0) + 1);
    }
  }
  const ranked = [...origins.values()].sort((a, b) => b.lines - a.lines || (a.service < b.service ? -1 : 1));
  return { scanned: lineIds.scanned, withIds, matched, origins: ranked };
}

/** Matched lines for the join to count fully as evidence. */
const FULL_WEIGHT_LINES = 10;

/**
 * How much the join supports each service as the origin (0..1): its share of the matched lines,
 * scaled down while few lines matched.
 */
export function traceJoinSupport(join: TraceJoin | null): Map<string, number> {
  const support = new Map<string, number>();
  if (!join || join.matched === 0) return support;
  const volume = Math.min(1, join.matched / FULL_WEIGHT_LINES);
  for (const o of join.origins) support.set(o.service, (o.lines / join.matched) * volume);
  return support;
}

/**
 * How much each logging service is shown a victim (0..1): the share of its matched lines that point
 * into traces another service failed first, scaled down while few of its lines matched.
 */
export function traceJoinVictims(join: TraceJoin | null): Map<string, number> {
  const into = new Map<string, { elsewhere: number; all: number }>();
  for (const o of join?.origins ?? []) {
    for (const [service, lines] of o.from) {
      const t = into.get(service) ?? { elsewhere: 0, all: 0 };
      t.all += lines;
      if (service !== o.service) t.elsewhere += lines;
      into.set(service, t);
    }
  }
  const victims = new Map<string, number>();
  for (const [service, t] of into) {
    if (t.elsewhere === 0) continue;
    victims.set(service, (t.elsewhere / t.all) * Math.min(1, t.all / FULL_WEIGHT_LINES));
  }
  return victims;
}

/** Weight of a caller → origin link when both are suspects, like a line naming it. */
const FULL_LINK_LINES = 5;

/**
 * Links the suspects whose failing lines point into another suspect's failed traces, as a line
 * naming it would (the caller blames the origin). Returns the links made, for the reasoning trail.
 */
export function linkByTraces(join: TraceJoin, suspects: ReadonlyMap<string, Suspect>): string[] {
  const links: string[] = [];
  for (const o of join.origins) {
    const origin = suspects.get(o.service);
    for (const [caller, lines] of o.from) {
      if (caller === o.service) continue;
      const reporter = suspects.get(caller);
      if (!origin || !reporter) continue;
      const weight = Math.min(1, lines / FULL_LINK_LINES) * 0.8;
      reporter.blames.set(o.service, Math.max(reporter.blames.get(o.service) ?? 0, weight));
      origin.blamedBy.set(caller, Math.max(origin.blamedBy.get(caller) ?? 0, weight));
      links.push(`${caller} → ${o.service}`);
    }
  }
  return links;
}

/** "12 error lines of ts-order carry traces that failed first in ts-station; ...". */
export function describeJoin(join: TraceJoin): string {
  if (join.matched === 0)
    return `${join.withIds} trace ids in ${join.scanned} failing lines, none in a failed trace`;
  const parts = join.origins.slice(0, 4).flatMap((o) =>
    [...o.from]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(
        ([service, lines]) =>
          `${lines} error ${lines === 1 ? 'line' : 'lines'} of ${service} ${lines === 1 ? 'carries' : 'carry'} traces that failed first in ${o.service}`,
      ),
  );
  return `${parts.join('; ')} (${join.matched} of ${join.withIds} trace ids in failing lines joined)`;
}

/** Share of the joined lines pointing into one service for it to stand out as their origin. */
const CLEAR_SUPPORT = 0.5;

/**
 * Whether the join names this origin on its own: most failing lines of other services that carry a
 * failed trace's id point into traces that failed first in it. Null when it does not (the other
 * evidence decides).
 */
export function joinedOrigin(
  service: string,
  join: TraceJoin | null,
  margin: number,
): { clear: boolean; why: string } | null {
  const origin = join?.origins.find((o) => o.service === service);
  const support = traceJoinSupport(join).get(service) ?? 0;
  if (!origin || support < CLEAR_SUPPORT || margin <= 0.05) return null;
  const callers = [...origin.from].filter(([s]) => s !== service).sort((a, b) => b[1] - a[1]);
  if (callers.length === 0) return null;
  const lines = callers.reduce((n, [, l]) => n + l, 0);
  return {
    clear: true,
    why: `${lines} error line(s) of ${callers.map(([s]) => s).join(', ')} carry traces that failed first in ${service}`,
  };
}
