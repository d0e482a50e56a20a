import type { LogRecord } from '../../domain/log-event.ts';
import type { ServiceRole } from '../../domain/service-role.ts';
import type { TelemetryFindings } from '../telemetry/types.ts';
import type { BehaviourShift } from './behaviour.ts';
import { missedInto } from './cache-misses.ts';
import {
  endpointsNamed,
  kindNamed,
  leaderSpecificity,
  silentlyBlamed,
  TELEMETRY_ORIGIN,
  throttledBy,
} from './fault-reports.ts';
import { type TraceJoin, traceJoinSupport, traceJoinVictims } from './log-traces.ts';
import { inferRole, roleOfNamespace } from './roles.ts';
import type { RootCauseChoice } from './root-cause.ts';
import { newSuspect, type Suspect } from './suspects.ts';

/** One origin candidate with what each kind of evidence says of it. */
export interface FusedCandidate {
  service: string;
  /** Its log score over the log leader's (0..1); 0 when its logs show nothing new. */
  logs: number;
  /** Its score from the metrics, traces and routine lines' behaviour (0..1); 0 when they do not name it. */
  telemetry: number;
  fused: number;
}

export interface FusedChoice {
  ranking: FusedCandidate[];
  /** How much the log ranking counts against the telemetry one (0..1). */
  logWeight: number;
  margin: number;
  /** The services whose lines report each candidate's fault (the clients a throttled resource refused). */
  reportedBy: ReadonlyMap<string, readonly string[]>;
}

/** A reporter whose own lines name a fault of its own this specifically keeps its evidence from a service only its routine lines name. */
const OWN_FAULT = 0.8;
const ROUTINE_SHIFTS: readonly BehaviourShift['kind'][] = ['quiet', 'numeric-rise', 'rate-shift'];
/** How much of a victim's log score goes when all its joined error lines report another's failed traces. */
const VICTIM_DISCOUNT = 0.6;

/**
 * One ranking of origin candidates from the logs and the telemetry. The log ranking counts in
 * proportion to how specific its leader's own evidence is (a line naming its fault outweighs a
 * metric; a line of no known meaning does not), and each service's telemetry score fills the rest.
 * Without telemetry the log ranking stands as it is. Failing lines joined to failed traces by the
 * trace ids they print support the service where those traces failed first (as trace evidence), and
 * discount the log score of the callers that only report it.
 */
export function fuseOrigins(
  choice: RootCauseChoice | null,
  telemetry: TelemetryFindings | null,
  shifts: readonly BehaviourShift[] = [],
  traceJoin: TraceJoin | null = null,
  suspects: ReadonlyMap<string, Suspect> = new Map(),
  linesOf: (service: string) => string = () => '',
): FusedChoice | null {
  const telemetryScores = new Map((telemetry?.services ?? []).map((s) => [s.service, s.score]));
  for (const shift of shifts)
    telemetryScores.set(shift.service, Math.max(telemetryScores.get(shift.service) ?? 0, shift.score));
  for (const [service, support] of traceJoinSupport(traceJoin))
    telemetryScores.set(service, Math.max(telemetryScores.get(service) ?? 0, support));
  const victims = new Map(traceJoinVictims(traceJoin));
  /**
   * A service named by nothing but what its routine lines did (went quiet, a number rose): no
   * metric or trace, and no lock or load it held, points at it.
   */
  const onlyRoutine = (service: string) =>
    shifts.some((s) => s.service === service && ROUTINE_SHIFTS.includes(s.kind)) &&
    !shifts.some((s) => s.service === service && !ROUTINE_SHIFTS.includes(s.kind)) &&
    !(telemetry?.services ?? []).some((t) => t.service === service && t.score >= TELEMETRY_ORIGIN);
  const best = Math.max(1e-9, ...(choice?.ranking.map((r) => r.score) ?? [0]));
  const logScoreOf = (service: string) =>
    Math.max(0, (choice?.ranking.find((r) => r.service === service)?.score ?? 0) / best);
  /** The log evidence that goes to a service from the lines that report its fault. */
  const reported = new Map<string, number>();
  const reportedBy = new Map<string, string[]>();
  /** Telemetry a reporter hands on to the service whose fault it shows (its failing spans, a spent database's metrics). */
  const handedOn = new Map<string, number>();
  const handedFrom = new Map<string, number>();
  const handOn = (from: string, to: string, weight: number) => {
    const given = (telemetryScores.get(from) ?? 0) * weight;
    handedOn.set(to, Math.max(handedOn.get(to) ?? 0, given));
    handedFrom.set(from, Math.max(handedFrom.get(from) ?? 0, weight));
  };
  const report = (reporter: string, target: string, weight: number) => {
    const by = reportedBy.get(target) ?? [];
    if (!by.includes(reporter)) by.push(reporter);
    reportedBy.set(target, by);
    victims.set(reporter, Math.max(victims.get(reporter) ?? 0, weight));
    const given = logScoreOf(reporter) * VICTIM_DISCOUNT * weight;
    reported.set(target, Math.max(reported.get(target) ?? 0, given));
  };
  if (choice) {
    const leader = choice.root.service;
    // A log candidate whose lines name a service the telemetry points at reports that service's
    // fault: by its name, or, for a resource that writes no logs, by the endpoint it connects to.
    const reporters = [choice.root, ...[...suspects.values()].filter((s) => s.service !== leader)];
    for (const s of reporters) {
      // A service that states a fault of its own explains what the routine lines of the services
      // it feeds did (their silence, their slower answers).
      const ownFault = leaderSpecificity(s) >= OWN_FAULT;
      for (const [target, weight] of [
        ...s.blames,
        ...endpointsNamed(s, telemetryScores),
        ...kindNamed(s, telemetryScores, suspects),
      ])
        if ((telemetryScores.get(target) ?? 0) >= TELEMETRY_ORIGIN && !(ownFault && onlyRoutine(target)))
          report(s.service, target, weight);
    }
    for (const [client, resource] of throttledBy(reporters, telemetry, suspects, linesOf))
      report(client, resource, 1);
    for (const [caller, callee, weight] of silentlyBlamed(reporters, telemetryScores, suspects, linesOf)) {
      report(caller, callee, weight);
      // Its failing spans are the same failures its lines report: the callee's, as they are.
      const traced = telemetry?.services.find((t) => t.service === caller);
      if (traced?.evidence[0]?.tool === 'trace-errors') handOn(caller, callee, weight);
    }
    // A service that took a lock the others waited on, or spent a database they need: their waits
    // and failures report its fault, and what moved in the database it spent is its load's doing.
    for (const shift of shifts) {
      for (const waiter of shift.reportedBy ?? []) report(waiter, shift.service, 1);
      if (shift.via) handOn(shift.via, shift.service, 1);
    }
    // A database that took the reads a failing cache missed reports the cache's fault, in its
    // slow lines and in what moved in it.
    for (const [database, cache] of missedInto(telemetry)) {
      report(database, cache, 1);
      handOn(database, cache, 1);
    }
    // A log candidate the traces show calling, directly or not, the service the telemetry points
    // at is upstream of that fault: unless its own lines name a fault of its own, its errors are
    // the symptom (the less specific they are, the more). The leader and every other candidate
    // alike: an edge two calls away is as much a victim as the caller in between. A front whose
    // new lines are only the status codes of requests it served (an access log, outside the
    // traces) is upstream of what it serves in the same way.
    const origin = telemetry?.services[0];
    const reach = telemetry?.blastRadius ?? [];
    if (origin && origin.score >= TELEMETRY_ORIGIN)
      for (const s of reporters) {
        if (s.service === origin.service || !(reach.includes(s.service) || onlyStatusCodes(s))) continue;
        const upstream = origin.score * (1 - leaderSpecificity(s));
        victims.set(s.service, Math.max(victims.get(s.service) ?? 0, upstream));
      }
  }
  const anyTelemetry = [...telemetryScores.values()].some((v) => v >= TELEMETRY_ORIGIN);
  if (!choice && !anyTelemetry) return null;
  const logWeight = choice && anyTelemetry ? 0.35 + 0.4 * leaderSpecificity(choice.root) : choice ? 1 : 0;
  const services = new Set([
    ...(choice?.ranking.map((r) => r.service) ?? []),
    ...telemetryScores.keys(),
    ...reported.keys(),
    ...handedOn.keys(),
  ]);
  const ranking = [...services].map((service) => {
    const own = logScoreOf(service) * (1 - VICTIM_DISCOUNT * (victims.get(service) ?? 0));
    // What the reporting lines lose as a report of another's fault is evidence of that fault.
    const logs = Math.max(own, reported.get(service) ?? 0);
    const tel =
      Math.max(telemetryScores.get(service) ?? 0, handedOn.get(service) ?? 0) *
      (1 - VICTIM_DISCOUNT * (handedFrom.get(service) ?? 0));
    return { service, logs, telemetry: tel, fused: logWeight * logs + (1 - logWeight) * tel };
  });
  ranking.sort((a, b) => b.fused - a.fused || b.logs - a.logs || (a.service < b.service ? -1 : 1));
  const [first, second] = ranking;
  if (!first || first.fused <= 0) return null;
  const margin = second ? Math.max(0, Math.min(1, (first.fused - second.fused) / first.fused)) : 1;
  return { ranking, logWeight, margin, reportedBy };
}

/** Whether a suspect's new lines are all access-log lines: requests it served that failed, no words of its own. */
function onlyStatusCodes(s: Suspect): boolean {
  return (
    s.anomalies.length > 0 && s.anomalies.every((a) => a.pattern.samples.every((r) => r.style === 'access'))
  );
}

/**
 * A suspect for an origin that no anomalous line names (only the telemetry, or the behaviour of its
 * routine lines): its onset from what moved, its evidence said in the analysis' words (never quoted
 * as a log line).
 */
export function evidenceSuspect(
  service: string,
  at: number,
  detail: string,
  role: ServiceRole = 'unknown',
): Suspect {
  const record: LogRecord = {
    at,
    timestampSource: 'event',
    level: 'WARN',
    service,
    logGroup: 'telemetry',
    message: detail,
    raw: detail,
    style: 'raw',
    parsed: true,
    lineCount: 1,
  };
  const named = inferRole(service, [], []);
  return newSuspect(service, named === 'unknown' ? role : named, record);
}

/**
 * What names an origin that the anomalous lines do not: its telemetry (a metric said with the
 * namespace it is published under, which tells what kind of resource moved), else its behaviour
 * shift; and the part the resource plays, from that namespace.
 */
export function evidenceOf(
  service: string,
  telemetry: TelemetryFindings | null,
  shifts: readonly BehaviourShift[],
  fallbackAt: number,
): { at: number; detail: string; role: ServiceRole } {
  const found = telemetry?.services.find((s) => s.service === service);
  const shift = shifts.find((s) => s.service === service);
  const namespace = found?.series[0]?.namespace;
  const role = namespace === undefined ? 'unknown' : roleOfNamespace(namespace);
  if (found && (!shift || found.score >= shift.score)) {
    const top = found.evidence[0];
    const series = found.series.find((s) => s.seriesKey === top?.seriesKey);
    return {
      at: found.onset ?? fallbackAt,
      detail: top
        ? `${series ? `${series.namespace} ` : ''}${top.detail}`
        : `${service}'s metrics and traces moved`,
      role,
    };
  }
  return { at: shift?.onset ?? fallbackAt, detail: shift?.detail ?? `${service}'s behaviour changed`, role };
}
