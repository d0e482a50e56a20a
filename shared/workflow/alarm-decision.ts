import type { AlarmState } from '../ports/alarm-state-store.ts';

export interface AlarmChange {
  alarmArn: string;
  alarmName: string;
  value: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
  /** ISO time of the state change. */
  at: string;
  /** The deterministic incident id of this ALARM transition. */
  incidentId: string;
}

export type IntakeDecision =
  | { action: 'start'; incidentId: string; executionName: string; next: AlarmState }
  | { action: 'update'; incidentId: string; executionName: string; next: AlarmState }
  | { action: 'record'; next: AlarmState; reason: string }
  | { action: 'ignore'; reason: string };

export const DEFAULT_COOL_DOWN_MINUTES = 15;

/**
 * What an alarm state change means for the analyzer, from what it remembers of the alarm:
 * - the same ALARM delivered again: nothing (one analysis per transition);
 * - ALARM -> OK -> ALARM within the cool-down: the open incident is analyzed again (a new run of
 *   the same incident), not a new incident;
 * - any other ALARM: a new incident;
 * - OK / INSUFFICIENT_DATA: remembered, for the cool-down.
 */
export function decideIntake(
  change: AlarmChange,
  current: AlarmState | null,
  coolDownMinutes = DEFAULT_COOL_DOWN_MINUTES,
): IntakeDecision {
  const base: AlarmState = current ?? {
    alarmArn: change.alarmArn,
    alarmName: change.alarmName,
    openIncidentId: null,
    lastAlarmAt: null,
    lastOkAt: null,
    runs: 0,
    version: 0,
  };
  const next = { ...base, version: base.version + 1 };
  if (change.value !== 'ALARM') {
    return {
      action: 'record',
      next: { ...next, lastOkAt: change.at },
      reason: `alarm changed to ${change.value}`,
    };
  }
  if (base.lastAlarmAt !== null && Date.parse(base.lastAlarmAt) === Date.parse(change.at)) {
    return { action: 'ignore', reason: 'the same ALARM transition was delivered again' };
  }
  const coolDownMs = coolDownMinutes * 60_000;
  const flapping =
    base.openIncidentId !== null &&
    base.lastOkAt !== null &&
    base.lastAlarmAt !== null &&
    Date.parse(change.at) - Date.parse(base.lastAlarmAt) <= coolDownMs &&
    Date.parse(base.lastOkAt) >= Date.parse(base.lastAlarmAt);
  if (flapping && base.openIncidentId) {
    const runs = base.runs + 1;
    return {
      action: 'update',
      incidentId: base.openIncidentId,
      executionName: `${base.openIncidentId}-run${runs}`,
      next: { ...next, lastAlarmAt: change.at, runs },
    };
  }
  return {
    action: 'start',
    incidentId: change.incidentId,
    executionName: change.incidentId,
    next: { ...next, openIncidentId: change.incidentId, lastAlarmAt: change.at, runs: 1 },
  };
}
