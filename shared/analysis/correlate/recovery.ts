import type { LogRecord } from '../../domain/log-event.ts';
import type { Collected } from '../collect/index.ts';
import { minuteOf, minuteStart } from '../collect/minutes.ts';
import { serviceEvent } from '../parse/service-event.ts';
import { stringField } from '../parse/text.ts';
import type { Windows } from '../window.ts';
import type { Suspect } from './suspects.ts';

/** The failure ended before the alarm and the service went back to its routine work. */
export interface Recovery {
  /** Start of the last minute with an anomalous line (epoch ms). */
  endedAt: number;
  minutesBeforeAlarm: number;
  /** Routine lines the services logged after their last anomalous one. */
  healthyLinesAfter: number;
  /** The errors came during a rollout that the platform then said completed. */
  rolloutCompleted?: true;
}

/** Errors that stopped at least this long before the alarm fired no longer explain it. */
const QUIET_MINUTES_BEFORE_ALARM = 5;
/**
 * ... nor do the errors of a rollout (tasks replaced, a blue/green shift) that stopped before the
 * alarm fired and stayed away this long, past it, in data read after the alarm: the blip that set
 * it off was over, and the services stayed healthy since.
 */
const QUIET_MINUTES_SINCE = 10;
/**
 * ... or this long, when the rollout announced that it completed after its burst (its service in
 * a steady state): the platform's own word that the replacement is over.
 */
const QUIET_MINUTES_AFTER_COMPLETION = 2;
/** A rollout's own errors begin within this long of its start. */
const ROLLOUT_MS = 10 * 60_000;
/** Routine lines per quiet minute that show a service back at work (not dead and silent). */
const HEALTHY_LINES_PER_MINUTE = 1;

/**
 * Whether every anomalous line stopped well before the alarm while the services that logged them
 * went on with their routine work: the failure is over and the alarm is stale (it fired late, or
 * on a metric slow to recover). So is a rollout's burst that ended just before the alarm fired
 * when the data, read later, shows the services at their routine work for long after. A service
 * that fell silent has not recovered.
 */
export function detectRecovery(
  suspects: ReadonlyMap<string, Suspect>,
  collected: Collected,
  windows: Windows,
): Recovery | null {
  if (suspects.size === 0) return null;
  const alarmMinute = 0;
  let lastAnomalous = Number.NEGATIVE_INFINITY;
  const anomalous = new Set<string>();
  for (const s of suspects.values()) {
    for (const a of s.anomalies) {
      anomalous.add(a.pattern.key);
      for (const [minute, n] of a.pattern.minutes) if (n > 0) lastAnomalous = Math.max(lastAnomalous, minute);
    }
  }
  if (!Number.isFinite(lastAnomalous)) return null;
  const quietMinutes = alarmMinute - (lastAnomalous + 1);
  const lastDataMinute = minuteOf(collected.lastAt, windows);
  const quietSince = lastDataMinute - lastAnomalous;
  const staleAtAlarm = quietMinutes >= QUIET_MINUTES_BEFORE_ALARM;
  const firstAnomalous = Math.min(...[...suspects.values()].map((s) => s.firstAt));
  const rollout = collected.changes.some(
    (c) => c.kind === 'deploy' && c.at <= firstAnomalous && firstAnomalous - c.at <= ROLLOUT_MS,
  );
  const completed = rollout && rolloutCompleted(collected, minuteStart(lastAnomalous, windows));
  const overSince =
    rollout &&
    lastAnomalous < alarmMinute &&
    quietSince >= (completed ? QUIET_MINUTES_AFTER_COMPLETION : QUIET_MINUTES_SINCE);
  if (!staleAtAlarm && !overSince) return null;
  const observedQuiet = Math.max(1, staleAtAlarm ? Math.min(quietMinutes, quietSince) : quietSince);
  let healthyLinesAfter = 0;
  for (const service of suspects.keys()) {
    let lines = 0;
    for (const p of collected.patterns) {
      if (p.service !== service || p.errorLike || anomalous.has(p.key)) continue;
      for (const [minute, n] of p.minutes) if (minute > lastAnomalous) lines += n;
    }
    if (lines < HEALTHY_LINES_PER_MINUTE * observedQuiet) return null;
    healthyLinesAfter += lines;
  }
  return {
    endedAt: minuteStart(lastAnomalous + 1, windows),
    minutesBeforeAlarm: Math.max(0, quietMinutes),
    healthyLinesAfter,
    ...(completed ? { rolloutCompleted: true as const } : {}),
  };
}

/**
 * A rollout's end as the platform announces it: ECS's SERVICE_DEPLOYMENT_COMPLETED and
 * SERVICE_STEADY_STATE (ECS Developer Guide, "Amazon ECS service deployment state change events",
 * "service action events"), CodeDeploy's SUCCESS, kubectl's "successfully rolled out".
 */
const ROLLOUT_DONE = /\b(?:SERVICE_DEPLOYMENT_COMPLETED|SERVICE_STEADY_STATE|successfully rolled out)\b/;

function rolloutCompleted(collected: Collected, after: number): boolean {
  return collected.patterns.some((p) =>
    [p.firstRecord, ...p.samples].some(
      (r) =>
        r !== undefined &&
        r.at >= after &&
        (ROLLOUT_DONE.test(r.message.slice(0, 300)) ||
          ROLLOUT_DONE.test(eventNameOf(r)) ||
          codeDeployDone(r)),
    ),
  );
}

/** An AWS service event's name (ECS puts it in `detail.eventName`), whatever its text says. */
function eventNameOf(r: LogRecord): string {
  const event = serviceEvent(r);
  return event ? (stringField(event.detail, 'eventName') ?? '') : '';
}

function codeDeployDone(r: LogRecord): boolean {
  const event = serviceEvent(r);
  return event?.source === 'aws.codedeploy' && stringField(event.detail, 'state') === 'SUCCESS';
}
