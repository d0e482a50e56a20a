import type { FaultClass } from '../../domain/fault-class.ts';
import type { LogRecord } from '../../domain/log-event.ts';
import type { ServiceRole } from '../../domain/service-role.ts';
import { EMPTY_TELEMETRY, type Telemetry } from '../../domain/telemetry.ts';
import { levelWeight } from '../signals/classify-line.ts';
import type { Platform } from '../synthesis/narrative-input.ts';
import type { TelemetryFindings } from '../telemetry/types.ts';
import type { Windows } from '../window.ts';
import { type Anomaly, type AnomalyResult, findAnomalies, SPIKE_RATIO } from './anomalies.ts';
import { type BehaviourShift, findBehaviourShifts } from './behaviour.ts';
import { ROUTINE_CHANGES_KEPT } from './change-keeper.ts';
import type { ChangeEvent } from './changes.ts';
import { type Classification, classifyFault } from './classify.ts';
import { type Collected, type CollectSource, collectSource } from './collect.ts';
import { type Entities, extractEntities } from './entities.ts';
import { evidenceOf, evidenceSuspect, fuseOrigins } from './fusion.ts';
import { detectPlatform } from './platform.ts';
import { detectRecovery } from './recovery.ts';
import { linkByRequests, orderOfRequests } from './request-ids.ts';
import { withRollouts } from './rollouts.ts';
import { chooseRootCause, type RootCauseChoice } from './root-cause.ts';
import { buildSuspects, type Suspect } from './suspects.ts';
import {
  type AlarmContext,
  NO_ALARM_CONTEXT,
  ORIGIN_MIN_SCORE,
  readTelemetry,
  telemetryOnsetOr,
  telemetryOrigin,
  withTelemetryHint,
} from './telemetry-evidence.ts';
import { Trail } from './trail.ts';
import { inferTrigger, type TriggerFinding } from './trigger.ts';

export interface AffectedFinding {
  service: string;
  role: ServiceRole;
  health: 'down' | 'degraded' | 'unknown';
  firstAt: number;
  errorCount: number;
  impact: string;
  suspect: Suspect;
}

/** Everything the correlation established; the report is written from this alone. */
export interface Findings {
  windows: Windows;
  collected: Collected;
  anomalies: AnomalyResult;
  suspects: Map<string, Suspect>;
  choice: RootCauseChoice | null;
  root: Suspect | null;
  patientZero: LogRecord | null;
  /** What the metrics and traces established; null when the incident has none. */
  telemetry: TelemetryFindings | null;
  affected: AffectedFinding[];
  propagation: string[];
  trigger: TriggerFinding | null;
  classification: Classification;
  inconclusive: boolean;
  confidence: number;
  platform: Platform;
  mttdSeconds: number | null;
  entities: Entities;
  trail: Trail;
  /** What the analysis could not use or do, said in the report. */
  limitations: string[];
}

const EMPTY_ENTITIES: Entities = { services: [], hosts: [], pods: [], versions: [], errorCodes: [] };
const EMPTY_ANOMALIES: AnomalyResult = {
  anomalies: [],
  noise: [],
  proportional: [],
  hasBaseline: false,
  baselineMinutes: 0,
  incidentMinutes: 0,
};

const EMPTY_CLASSIFICATION: Classification = {
  faultClass: 'unknown',
  share: 0,
  strength: 0,
  evidence: [],
  basis: 'no anomaly',
  scores: {},
};

/**
 * Runs the correlation tools in order over the events and records each in the reasoning trail.
 * The events may also come collected already: shards collected apart (merged here under
 * `defaults`) or a whole Collected window.
 */
export function correlate(
  events: CollectSource,
  defaults: Windows,
  limitations: string[] = [],
  telemetry: Telemetry = EMPTY_TELEMETRY,
  alarmContext: AlarmContext = NO_ALARM_CONTEXT,
): Findings {
  const trail = new Trail();
  limitations.push(...telemetry.notes);
  trail.add(
    'THOUGHT',
    'Compare the incident window with the baseline before it',
    `Baseline ${iso(defaults.baselineStart)} to ${iso(defaults.baselineEnd)}, incident window ${iso(defaults.baselineEnd)} to ${iso(defaults.incidentEnd)}, alarm at ${iso(defaults.alarmAt)}.`,
  );
  const collected = trail.run(
    'mine_templates',
    {
      baselineStart: iso(defaults.baselineStart),
      incidentStart: iso(defaults.baselineEnd),
      incidentEnd: iso(defaults.incidentEnd),
    },
    () => collectSource(events, defaults),
    (c) =>
      `${c.linesScanned} lines scanned (${c.linesUnparsed} unparsed, ${c.outsideWindow} outside the windows), ${c.baselineLines} in the baseline and ${c.incidentLines} in the incident window, ${c.patterns.length} patterns over ${c.services.size} services.`,
    (c) => c.incidentLines === 0,
  ).data;
  const windows = collected?.windows ?? defaults;
  if (collected?.windowNote) limitations.push(collected.windowNote);
  if (collected && collected.changesDropped > 0) {
    limitations.push(
      `${collected.changesDropped} more repeated change line(s) (restarts, scaling, the same version starting again) were counted but not kept as change events (the earliest ${ROUTINE_CHANGES_KEPT} of each service and version are).`,
    );
  }
  if (collected && collected.outsideWindow > 0) {
    limitations.push(
      `${collected.outsideWindow} line(s) fall outside the analysis windows and were not used.`,
    );
  }
  const telemetryFindings = readTelemetry(telemetry, alarmContext, windows, collected, trail, limitations);
  const telemetryNamesOrigin = (telemetryFindings?.services ?? []).some((s) => s.score >= ORIGIN_MIN_SCORE);
  if (!collected || (collected.incidentLines === 0 && !telemetryNamesOrigin)) {
    limitations.push(collected ? 'No log line falls in the incident window.' : 'The logs could not be read.');
    return inconclusiveFindings(
      windows,
      collected ?? emptyCollected(windows),
      trail,
      limitations,
      undefined,
      undefined,
      undefined,
      telemetryFindings,
    );
  }
  const entities =
    trail.run(
      'extract_entities',
      { patterns: collected.patterns.length },
      () => extractEntities(samplesOf(collected), collected.services.keys()),
      (e) =>
        `${e.services.length} services (${e.services.join(', ')}); hosts: ${e.hosts.join(', ') || 'none'}; pods: ${e.pods.length}; versions: ${e.versions.join(', ') || 'none'}; error codes: ${e.errorCodes.join(', ') || 'none'}`,
    ).data ?? EMPTY_ENTITIES;
  const anomalies =
    trail.run(
      'find_new_and_spiking_errors',
      {
        spikeRatio: SPIKE_RATIO,
        baselineStart: iso(windows.baselineStart),
        incidentStart: iso(windows.baselineEnd),
      },
      () => findAnomalies(collected, windows),
      (a) =>
        `${a.anomalies.length} anomalous error patterns (${a.anomalies.filter((x) => x.isNew).length} new, ${a.anomalies.filter((x) => !x.isNew).length} spiking); ${a.noise.length} error patterns as frequent in the baseline (noise${a.proportional.length > 0 ? `; ${a.proportional.length} of them rise per minute only with their service's traffic` : ''}).${a.hasBaseline ? '' : ' No baseline data: every error pattern counts as new.'}`,
      (a) => a.anomalies.length === 0,
    ).data ?? EMPTY_ANOMALIES;
  if (!anomalies.hasBaseline)
    limitations.push('No baseline data before the incident window: new and old errors cannot be told apart.');
  const platform = detectPlatform(collected);
  const suspects = buildSuspects(anomalies.anomalies, collected);
  if (collected.requestHops.size > 0) {
    trail.run(
      'join_request_ids',
      { requestIds: collected.requestHops.size, suspects: suspects.size },
      () => linkByRequests(orderOfRequests(collected.requestHops, suspects), suspects),
      (edges) => edges.join('; ') || 'no request failed in more than one suspect in a clear order',
      (edges) => edges.length === 0,
    );
  }
  const choice = trail.run(
    'trace_patient_zero',
    { candidates: [...suspects.keys()] },
    () => chooseRootCause(suspects),
    (c) =>
      c
        ? c.ranking
            .map(
              (r) =>
                `${r.service}: score ${r.score.toFixed(2)} (precedence ${r.precedence.toFixed(2)}, own signal ${r.own.toFixed(2)}, named by others ${r.blamed.toFixed(2)}, names others ${r.blames.toFixed(2)})`,
            )
            .join('; ')
        : 'no service shows a new error',
    (c) => c === null,
  ).data;
  const recovery = choice
    ? trail.run(
        'detect_recovery',
        { suspects: suspects.size, alarmAt: iso(windows.alarmAt) },
        () => detectRecovery(suspects, collected, windows),
        (r) =>
          r
            ? `every anomalous line stopped at ${iso(r.endedAt)}, ${r.minutesBeforeAlarm} min before the alarm, and the services logged ${r.healthyLinesAfter} routine line(s) after`
            : 'the anomalous lines go on until the alarm (or the services fell silent)',
        (r) => r === null,
      ).data
    : null;
  if (recovery && !telemetryNamesOrigin) {
    limitations.push(
      `Recovered before the alarm: the new errors stopped at ${iso(recovery.endedAt)}, ${recovery.minutesBeforeAlarm} min before the alarm fired, and the services went back to their routine work; the alarm is stale.`,
    );
    trail.add(
      'DECISION',
      'Inconclusive: recovered before the alarm',
      `The errors ended ${recovery.minutesBeforeAlarm} min before the alarm and routine work resumed, so they do not explain an alarm that fired afterwards.`,
    );
    return inconclusiveFindings(
      windows,
      collected,
      trail,
      limitations,
      anomalies,
      suspects,
      platform,
      telemetryFindings,
    );
  }
  const shifts =
    trail.run(
      'find_behaviour_shifts',
      { patterns: collected.patterns.length, incidentStart: iso(windows.baselineEnd) },
      () => findBehaviourShifts(collected, windows),
      (list) =>
        list.map((b) => `${b.service} (${b.kind}, ${b.score.toFixed(2)}): ${b.detail}`).join('; ') || 'none',
      (list) => list.length === 0,
    ).data ?? [];
  const fused =
    telemetryFindings || shifts.length > 0
      ? trail.run(
          'fuse_origin_candidates',
          {
            logCandidates: choice?.ranking.length ?? 0,
            telemetryCandidates: telemetryFindings?.services.length ?? 0,
            behaviourShifts: shifts.length,
          },
          () => fuseOrigins(choice, telemetryFindings, shifts),
          (f) =>
            f
              ? `log weight ${f.logWeight.toFixed(2)}; ${f.ranking
                  .slice(0, 6)
                  .map(
                    (r) =>
                      `${r.service}: ${r.fused.toFixed(2)} (logs ${r.logs.toFixed(2)}, telemetry ${r.telemetry.toFixed(2)})`,
                  )
                  .join('; ')}`
              : 'no candidate from logs or telemetry',
          (f) => f === null,
        ).data
      : null;
  const leader = fused?.ranking[0]?.service ?? choice?.root.service;
  if (!leader || (!choice && !fused))
    return inconclusiveFindings(
      windows,
      collected,
      trail,
      limitations,
      anomalies,
      suspects,
      platform,
      telemetryFindings,
    );

  const fromLogs = suspects.get(leader);
  const other = fromLogs
    ? null
    : evidenceOf(leader, telemetryFindings, shifts, telemetryOnsetOr(telemetryFindings, windows));
  const root = fromLogs ?? evidenceSuspect(leader, other?.at ?? windows.baselineEnd, other?.detail ?? leader);
  const margin = fused ? fused.margin : (choice?.margin ?? 0);
  const rootPz = root.anomalies.find((a) => a.pattern.samples[0] === root.first);
  const trigger =
    trail.run(
      'detect_change_events',
      { changes: collected.changes.length, rootService: root.service },
      () => inferTrigger(withRollouts(collected.changes), root.service, root.firstAt, windows.baselineEnd),
      (t) =>
        t
          ? `${t.change.kind} of ${t.change.service} at ${iso(t.change.at)} ("${t.change.description.slice(0, 200)}"), ${Math.round(t.leadSeconds)} s before the first anomaly`
          : `${collected.changes.length} change event(s), none precedes ${root.service}'s first anomaly`,
      (t) => t === null,
    ).data ?? null;
  let classification =
    trail.run(
      'classify_fault',
      { rootService: root.service, anomalies: anomalies.anomalies.length },
      () => classifyFault(anomalies.anomalies, root.service, rootPz, trigger?.change ?? null),
      (c) =>
        `${c.faultClass} (${c.basis}; share ${c.share.toFixed(2)}); scores ${JSON.stringify(roundScores(c.scores))}`,
    ).data ?? EMPTY_CLASSIFICATION;

  classification = withTelemetryHint(classification, root.service, telemetryFindings);
  if (classification.faultClass === 'unknown') {
    const origin =
      fromLogs && choice?.root === root
        ? clearOrigin(choice, suspects)
        : (shiftOrigin(root.service, shifts, margin) ??
          telemetryOrigin(root.service, telemetryFindings, margin));
    if (!origin.clear) {
      trail.add(
        'DECISION',
        'Inconclusive',
        `New errors appear, but none names a fault, no change precedes them, and no service stands out as their origin (${origin.why}).`,
      );
      return inconclusiveFindings(windows, collected, trail, limitations, anomalies, suspects, platform);
    }
    classification = otherClassification(root, classification.scores, origin.why);
  }
  // An origin that only its telemetry or behaviour names is affected too, and so is what its
  // traces show it reached (the callers that slowed or failed with it).
  if (!fromLogs) suspects.set(root.service, root);
  for (const service of telemetryFindings?.blastRadius ?? []) {
    if (suspects.has(service)) continue;
    const own = telemetryFindings?.services.find((t) => t.service === service);
    const detail = own?.evidence[0]?.detail ?? `its calls lead to ${root.service} in the traces`;
    suspects.set(service, evidenceSuspect(service, own?.onset ?? root.firstAt, detail));
  }
  const unordered =
    trail.run(
      'blast_radius',
      { suspects: suspects.size },
      () => affectedServices(suspects, root),
      (list) =>
        list.map((a) => `${a.service} (${a.role}, ${a.health}, ${a.errorCount} new error lines)`).join('; '),
    ).data ?? [];
  const propagation = trail.run(
    'propagation_path',
    { root: root.service },
    () => propagationPath(root, unordered),
    (path) => path.join(' -> '),
  ).data ?? [root.service];
  const affected = propagation
    .map((service) => unordered.find((a) => a.service === service))
    .filter((a): a is AffectedFinding => a !== undefined);
  const firstSignals = [
    ...[...suspects.values()].map((x) => x.firstAt),
    root.firstAt,
    ...(telemetryFindings?.alarmOnset ? [telemetryFindings.alarmOnset.at] : []),
  ];
  const mttdSeconds =
    trail.run(
      'time_to_detect',
      { alarmAt: iso(windows.alarmAt) },
      () => Math.max(0, Math.round((windows.alarmAt - Math.min(...firstSignals)) / 1000)),
      (secs) => `${secs} s from the first anomalous signal to the alarm`,
    ).data ?? null;
  const confidence = rootConfidence(margin, classification, root, telemetryFindings);
  trail.add(
    'DECISION',
    `Root cause: ${root.service}, ${classification.faultClass}`,
    `${root.service} shows the first ${fromLogs ? 'new anomalous signal' : 'telemetry signal'} at ${iso(root.firstAt)}; ${classification.basis}. Confidence ${confidence.toFixed(2)} from signal strength ${classification.strength.toFixed(2)}, class share ${classification.share.toFixed(2)} and a margin of ${margin.toFixed(2)} over the next candidate.`,
  );
  return {
    windows,
    collected,
    anomalies,
    suspects,
    choice,
    root,
    patientZero: fromLogs ? root.first : null,
    telemetry: telemetryFindings,
    affected,
    propagation,
    trigger,
    classification,
    inconclusive: false,
    confidence,
    platform,
    mttdSeconds,
    entities,
    trail,
    limitations,
  };
}

/**
 * Whether the first-ranked suspect is an origin on its own evidence although no phrase names the
 * mechanism: its own new failures are of error severity, come first (or the others name it), and
 * it stands clear of the next suspect. Evidence that points nowhere stays inconclusive.
 */
function clearOrigin(
  choice: RootCauseChoice,
  suspects: Map<string, Suspect>,
): { clear: boolean; why: string } {
  const root = choice.root;
  const severe = root.anomalies.filter((a) => levelWeight(a.pattern.level) >= levelWeight('ERROR'));
  if (severe.length === 0)
    return { clear: false, why: `${root.service}'s new lines are below error severity` };
  const earliest = Math.min(...[...suspects.values()].map((s) => s.firstAt));
  const first = root.firstAt - earliest <= PRECEDENCE_TOLERANCE_MS || root.blamedBy.size > 0;
  if (!first)
    return { clear: false, why: `${root.service} is not the first to fail and no other service names it` };
  if (choice.ranking.length > 1 && choice.margin < CLEAR_MARGIN)
    return {
      clear: false,
      why: `${root.service} leads the next suspect by a margin of only ${choice.margin.toFixed(2)}`,
    };
  const lines = severe.reduce((n, a) => n + a.pattern.incidentCount, 0);
  return {
    clear: true,
    why: `${root.service} logs ${lines} new error line(s) of its own first (margin ${choice.margin.toFixed(2)} over the next suspect)`,
  };
}

/** A behaviour shift names an origin of its own when it leads the ranking clearly. */
function shiftOrigin(
  service: string,
  shifts: readonly BehaviourShift[],
  margin: number,
): { clear: boolean; why: string } | null {
  const shift = shifts.find((s) => s.service === service);
  if (!shift) return null;
  return { clear: margin > 0.05, why: shift.detail };
}

/** A suspect this much later than the earliest still counts as first (clocks of services differ). */
const PRECEDENCE_TOLERANCE_MS = 5_000;
/** The score gap (share of the leader's score) by which a clear origin leads the next suspect. */
const CLEAR_MARGIN = 0.15;

function otherClassification(root: Suspect, scores: Classification['scores'], why: string): Classification {
  return {
    faultClass: 'other',
    share: 1,
    strength: 0,
    evidence: [...root.anomalies].sort(
      (a, b) =>
        levelWeight(b.pattern.level) - levelWeight(a.pattern.level) ||
        a.pattern.firstIncidentAt - b.pattern.firstIncidentAt,
    ),
    basis: `a clear origin whose failure lines name no known mechanism: ${why}`,
    scores,
  };
}

function rootConfidence(
  margin: number,
  c: Classification,
  root: Suspect,
  telemetry: TelemetryFindings | null,
): number {
  const signal = c.strength > 0 ? c.strength : 0.5;
  const novelty =
    root.anomalies.length > 0 ? root.anomalies.filter((a) => a.isNew).length / root.anomalies.length : 0.5;
  const telemetryScore = telemetry?.services.find((s) => s.service === root.service)?.score ?? 0;
  const corroboration =
    root.blamedBy.size > 0 || root.ownSignal >= 0.8 ? 1 : Math.max(root.ownSignal, telemetryScore);
  const raw = 0.1 + 0.3 * signal * c.share + 0.25 * margin + 0.15 * novelty + 0.15 * corroboration;
  return Math.round(Math.max(0.05, Math.min(0.97, raw)) * 100) / 100;
}

function affectedServices(suspects: Map<string, Suspect>, root: Suspect): AffectedFinding[] {
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
function propagationPath(root: Suspect, affected: AffectedFinding[]): string[] {
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

function inconclusiveFindings(
  windows: Windows,
  collected: Collected,
  trail: Trail,
  limitations: string[],
  anomalies: AnomalyResult = EMPTY_ANOMALIES,
  suspects: Map<string, Suspect> = new Map(),
  platform: Platform = 'unknown',
  telemetry: TelemetryFindings | null = null,
): Findings {
  if (!trail.steps.some((s) => s.kind === 'DECISION')) {
    trail.add(
      'DECISION',
      'Inconclusive',
      'No new or spiking error in the incident window explains the alarm.',
    );
  }
  const noiseShare =
    anomalies.noise.length / Math.max(1, anomalies.noise.length + anomalies.anomalies.length);
  return {
    windows,
    collected,
    anomalies,
    suspects,
    choice: null,
    root: null,
    patientZero: null,
    telemetry,
    affected: [],
    propagation: [],
    trigger: null,
    classification: EMPTY_CLASSIFICATION,
    inconclusive: true,
    confidence:
      Math.round((0.05 + 0.15 * (1 - noiseShare) * Math.min(1, anomalies.anomalies.length / 5)) * 100) / 100,
    platform,
    mttdSeconds: null,
    entities: EMPTY_ENTITIES,
    trail,
    limitations,
  };
}

/** The sampled lines of every pattern and every change: what entity extraction reads. */
function samplesOf(collected: Collected): LogRecord[] {
  return [...collected.patterns.flatMap((p) => p.samples), ...collected.changes.map((c) => c.record)];
}

function emptyCollected(windows: Windows): Collected {
  return {
    windows,
    windowNote: null,
    patterns: [],
    services: new Map(),
    changes: [],
    changesDropped: 0,
    linesScanned: 0,
    linesUnparsed: 0,
    outsideWindow: 0,
    baselineLines: 0,
    incidentLines: 0,
    logGroups: new Set(),
    firstAt: Number.NaN,
    lastAt: Number.NaN,
    requestHops: new Map(),
  };
}

function roundScores(scores: Partial<Record<FaultClass, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.round((v ?? 0) * 100) / 100]));
}

export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'unknown';
}

export type { Anomaly, ChangeEvent };
