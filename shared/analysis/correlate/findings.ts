import type { FaultClass } from '../../domain/fault-class.ts';
import type { LogRecord } from '../../domain/log-event.ts';
import { EMPTY_TELEMETRY, type Telemetry } from '../../domain/telemetry.ts';
import { type Collected, collectWindow, type WindowLogs } from '../collect/index.ts';
import type { Platform } from '../synthesis/narrative-input.ts';
import type { TelemetryFindings } from '../telemetry/types.ts';
import type { Windows } from '../window.ts';
import { type AffectedFinding, affectedServices, propagationPath } from './affected.ts';
import { type Anomaly, type AnomalyResult, findAnomalies, SPIKE_RATIO } from './anomalies.ts';
import { findBehaviourShifts } from './behaviour.ts';
import { ROUTINE_CHANGES_KEPT } from './change-keeper.ts';
import type { ChangeEvent } from './changes.ts';
import { type Classification, classifyFault } from './classify.ts';
import { type Entities, extractEntities } from './entities.ts';
import { evidenceOf, evidenceSuspect, fuseOrigins } from './fusion.ts';
import {
  EMPTY_ANOMALIES,
  EMPTY_CLASSIFICATION,
  EMPTY_ENTITIES,
  emptyCollected,
  inconclusiveFindings,
} from './inconclusive-findings.ts';
import { iso } from './iso.ts';
import { clearOrigin, otherClassification, rootConfidence, shiftOrigin } from './origin-decision.ts';
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

/**
 * Runs the correlation tools in order over the window's logs and records each in the reasoning
 * trail. The logs are events, or the partial collections of shards collected apart (merged here
 * under `defaults`).
 */
export function correlate(
  logs: WindowLogs,
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
    () => collectWindow(logs, defaults),
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
  const giveUp = () =>
    inconclusiveFindings(
      windows,
      collected,
      trail,
      limitations,
      anomalies,
      suspects,
      platform,
      telemetryFindings,
    );
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
    return giveUp();
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
  if (!leader || (!choice && !fused)) return giveUp();

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
      return giveUp();
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

/** The sampled lines of every pattern and every change: what entity extraction reads. */
function samplesOf(collected: Collected): LogRecord[] {
  return [...collected.patterns.flatMap((p) => p.samples), ...collected.changes.map((c) => c.record)];
}

function roundScores(scores: Partial<Record<FaultClass, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.round((v ?? 0) * 100) / 100]));
}

export type { AffectedFinding, Anomaly, ChangeEvent };
export { iso };
