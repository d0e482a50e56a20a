import type { Alarm } from '../../domain/alarm.ts';
import { FAULT_CLASS_LABELS } from '../../domain/fault-class.ts';
import { computeIncidentId } from '../../domain/incident-id.ts';
import type { Report } from '../../domain/report.ts';
import type { ChangeEvent } from '../correlate/changes/index.ts';
import type { AffectedFinding, Findings } from '../correlate/findings.ts';
import { counterfactual, fiveWhys, fixRecommendations, systemicRootCause } from '../synthesis/index.ts';
import { changeWords } from './change-words.ts';
import { buildCharts, buildServiceMap, telemetryOf } from './charts.ts';
import { selectEvidenceLines, selectEvidencePatterns, toEvidenceLine } from './evidence.ts';
import { dimensionsOfSeriesKey, evidenceValues, withDimensions } from './evidence-values.ts';
import { type FeatureWord, featureWord } from './feature-words.ts';
import { fillFixCommands } from './fill-commands.ts';
import { namedDependency, narrativeInput, tellingLine } from './narrative.ts';
import { type IncidentPhases, incidentPhases } from './phases.ts';
import { assessSeverity } from './severity.ts';
import { buildTimeline } from './timeline.ts';

export interface BuildContext {
  alarm: Alarm;
  /** Wall-clock time the analysis took so far (ms), for `stats.durationMs`. */
  durationMs: number;
  /** Overrides the id derived from the alarm transition (a flapping alarm re-runs its open incident). */
  incidentId?: string;
}

const OFFLINE_MODEL_ID = 'incidentiq-offline-synthesizer-1';

/** Writes the whole report from the findings: every number and name comes from them. */
export function buildReport(f: Findings, ctx: BuildContext): Report {
  const { alarm } = ctx;
  const feature = featureWord(f);
  const narrative = narrativeInput(f, feature);
  const phases = incidentPhases(f);
  const { severity, reason } = assessSeverity(f);
  const label = FAULT_CLASS_LABELS[f.classification.faultClass];
  const root = f.root;
  const timeline =
    f.trail.run(
      'build_timeline',
      { entries: 'trigger, first line of each anomalous pattern, alarm' },
      () => buildTimeline(f, alarm.name, phases?.phases),
      (t) => `${t.length} entries from ${t[0]?.at ?? '-'} to ${t[t.length - 1]?.at ?? '-'}`,
    ).data ?? [];
  const pz = f.patientZero ? toEvidenceLine(f.patientZero) : null;
  const dependency = namedDependency(f);
  f.trail.add(
    'THOUGHT',
    'Write the report offline from the findings',
    'The offline synthesizer writes every section from the correlation results; no model is called.',
  );
  const report = {
    schemaVersion: 1 as const,
    incidentId: ctx.incidentId ?? computeIncidentId(alarm.arn, alarm.triggeredAt),
    title: root
      ? `${label} in ${root.service} (alarm ${alarm.name})`
      : f.recovery
        ? `Inconclusive: the new errors ended ${f.recovery.minutesBeforeAlarm} min before alarm ${alarm.name} fired (recovered, stale alarm)`
        : `Inconclusive: no new error in the logs explains alarm ${alarm.name}`,
    executiveSummary: summary(f, alarm, label, phases),
    severity,
    severityReason: reason,
    inconclusive: f.inconclusive,
    rootCause: {
      summary: rootSummary(f, label, feature),
      service: root?.service ?? null,
      faultClass: f.classification.faultClass,
      confidence: f.confidence,
    },
    affectedServices: f.affected.map((a) => ({
      service: a.service,
      role: a.role,
      health: a.health,
      impact: impactOf(f, a),
      firstSeen: new Date(a.firstAt).toISOString(),
      errorCount: a.errorCount,
    })),
    timeline,
    evidence: { lines: selectEvidenceLines(f), patterns: selectEvidencePatterns(f) },
    forensics: {
      patientZero: pz ? { at: pz.at, service: pz.service, level: pz.level, text: pz.text } : null,
      propagationPath: f.propagation,
      blastRadius: [
        ...f.affected.map((a) => ({
          kind: 'service' as const,
          name: a.service,
          role: a.role,
          impact: impactOf(f, a),
        })),
        ...(dependency
          ? [
              {
                kind: 'dependency' as const,
                name: dependency,
                role: 'unknown' as const,
                impact: `Named by ${root?.service ?? 'the root service'} in its error lines; it writes no logs of its own here.`,
              },
            ]
          : []),
      ],
      trigger: f.trigger
        ? {
            hypothesis: triggerHypothesis(f.trigger.change, f.trigger.leadSeconds),
            evidence: toEvidenceLine(f.trigger.change.record).text,
            confidence: f.trigger.confidence,
          }
        : null,
      mttdSeconds: f.mttdSeconds,
    },
    fixRecommendations: fillFixCommands(fixRecommendations(narrative), {
      values: withDimensions(evidenceValues(f), placeDimensions(f, alarm), alarm),
      alarmName: alarm.name,
      alarmAt: f.windows.alarmAt,
      windowStart: f.windows.baselineStart,
      windowEnd: f.windows.incidentEnd,
    }),
    fiveWhys: fiveWhys(narrative),
    systemicRootCause: systemicRootCause(narrative),
    counterfactual: counterfactual(narrative),
    similarIncidents: [],
    reasoningTrail: f.trail.steps,
    model: { provider: 'offline' as const, modelId: OFFLINE_MODEL_ID },
    quality: { grounded: true, checks: [] },
    stats: {
      linesScanned: f.collected.linesScanned,
      linesUnparsed: f.collected.linesUnparsed,
      logGroups: [...f.collected.logGroups].sort(),
      windowStart: new Date(f.windows.baselineStart).toISOString(),
      windowEnd: new Date(f.windows.incidentEnd).toISOString(),
      durationMs: Math.max(0, Math.round(ctx.durationMs)),
    },
    alarm,
    limitations: f.limitations,
    ...visuals(f, phases),
  };
  return report as Report;
}

/** The dimension sets that say where things run: the alarm's metric, then the root's moved metrics. */
function placeDimensions(f: Findings, alarm: Alarm): Record<string, string>[] {
  const moved = (telemetryOf(f)?.services ?? [])
    .filter((s) => s.service === f.root?.service)
    .flatMap((s) => s.series.map((x) => dimensionsOfSeriesKey(x.seriesKey)));
  return [...(alarm.metric ? [alarm.metric.dimensions] : []), ...moved];
}

function visuals(f: Findings, phases: IncidentPhases | null) {
  const line = tellingLine(f);
  const charts = buildCharts(f, phases?.phases ?? []);
  const map = buildServiceMap(f);
  return {
    ...(line ? { rootCauseLine: toEvidenceLine(line) } : {}),
    ...(phases ? { impact: phases.impact, phases: phases.phases } : {}),
    ...(charts.length > 0 ? { charts } : {}),
    ...(map ? { serviceMap: map } : {}),
  };
}

/** A service's impact in words, quoting its most frequent new line (a real line, not a template). */
function impactOf(f: Findings, a: AffectedFinding): string {
  // Named by its telemetry or routine lines alone: the correlation's own words say what moved.
  if (a.suspect.anomalies.length === 0) return a.impact;
  const top = [...a.suspect.anomalies].sort((x, y) => y.pattern.incidentCount - x.pattern.incidentCount)[0];
  const line = top?.pattern.samples[0];
  const what = line
    ? `most frequent (${top.pattern.incidentCount}): “${oneLine(line.message, 160)}”`
    : 'no line quoted';
  const lead = a.suspect === f.root ? 'Origin of the fault: ' : '';
  return `${lead}${a.errorCount} new error line(s) from ${hhmm(a.firstAt)}; ${what}`;
}

function summary(f: Findings, alarm: Alarm, label: string, phases: IncidentPhases | null): string {
  const at = hhmm(f.windows.alarmAt);
  if ((f.inconclusive || !f.root) && f.recovery) {
    const services = [...new Set(f.anomalies.anomalies.map((a) => a.pattern.service))].sort();
    const during = f.recovery.rolloutCompleted ? ', during a rollout that then completed,' : '';
    return `Alarm ${alarm.name} fired at ${at}. New errors in ${services.join(', ')} ended at ${hhmm(f.recovery.endedAt)}, ${f.recovery.minutesBeforeAlarm} min before it${during} and the services went back to their routine work: they do not explain an alarm that fired afterwards, which is stale or watches something else. The analysis is inconclusive: look at the metric itself.`;
  }
  if ((f.inconclusive || !f.root) && f.onlyUse) {
    return `Alarm ${alarm.name} fired at ${at}. No service failed (no new error line, no failed trace), and what moved shows more use, not a fault: ${f.onlyUse}. The analysis names no cause: check that the load was expected.`;
  }
  if (f.inconclusive || !f.root) {
    const noise = f.anomalies.noise.length;
    return `Alarm ${alarm.name} fired at ${at}. The logs of ${f.collected.services.size} service(s) show no new or spiking error that explains it${noise > 0 ? `; the ${noise} error pattern(s) present were as frequent in the baseline (noise)` : ''}. The analysis is inconclusive: look at the metric itself and at sources other than these logs.`;
  }
  const root = f.root;
  const others = f.affected.filter((a) => a.service !== root.service).map((a) => a.service);
  const pz = f.patientZero;
  const parts = [
    `Alarm ${alarm.name} fired at ${at}.`,
    `The first new anomalous signal came from ${root.service} at ${hhmm(root.firstAt)}${pz ? `: "${oneLine(pz.message, 160)}"` : ''}.`,
    `Root cause: ${label.toLowerCase()} in ${root.service} (confidence ${Math.round(f.confidence * 100)}%).`,
  ];
  if (f.trigger) {
    parts.push(
      `Trigger: ${changeWords(f.trigger.change)}${f.trigger.change.version ? ` version ${f.trigger.change.version}` : ''} at ${hhmm(f.trigger.change.at)}.`,
    );
  }
  parts.push(
    others.length > 0
      ? `It spread to ${others.join(', ')} (${f.affected.length} services affected).`
      : 'No other service shows new errors.',
  );
  if (f.mttdSeconds !== null)
    parts.push(`The alarm fired ${formatSeconds(f.mttdSeconds)} after the first signal.`);
  if (phases) {
    parts.push(`Impact: ${phases.impact.text}`);
    const steps = phases.phases
      .filter((p) => p.kind !== 'first-signal')
      .map(
        (p) =>
          `${p.kind} from ${hhmm(Date.parse(p.start))}${p.durationSeconds !== null ? ` for ${formatSeconds(p.durationSeconds)}` : p.kind === 'recovered' ? '' : ' until the logs end'}${p.failures > 0 ? ` (${p.failures} failures)` : ''}`,
      );
    if (steps.length > 0) parts.push(`Phases: ${steps.join('; ')}.`);
  }
  return parts.join(' ');
}

function rootSummary(f: Findings, label: string, feature: FeatureWord | null): string {
  if (!f.root) return 'Inconclusive: no new or spiking error in the incident window names a cause.';
  const line = tellingLine(f);
  const quote = line ? ` (“${oneLine(line.message, 200)}”)` : '';
  const trigger = f.trigger
    ? `, after the ${changeWords(f.trigger.change)}${f.trigger.change.version ? ` version ${f.trigger.change.version}` : ''}`
    : '';
  const where = feature
    ? ` Of its own features, ${f.root.service} logs ${feature.word} the most (${feature.lines} lines in the incident window, such as “${oneLine(feature.sample.message, 120)}”).`
    : '';
  return `${label} in ${f.root.service}: ${f.classification.basis}${quote}${trigger}.${where}`;
}

function hhmm(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

function formatSeconds(s: number): string {
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** The trigger in words, with the line in which the changed service took the change up when one did. */
function triggerHypothesis(change: ChangeEvent, leadSeconds: number): string {
  const version = change.version ? ` (version ${change.version})` : '';
  const taken = change.seenAs
    ? `; ${change.service} took it up at ${hhmm(change.seenAs.at)}: "${change.seenAs.message.slice(0, 160)}"`
    : '';
  return `${changeWords(change)}${version} ${Math.round(leadSeconds / 60)} min before the first anomaly: "${change.description.slice(0, 200)}"${taken}`;
}
