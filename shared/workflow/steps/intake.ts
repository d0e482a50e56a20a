import { parseAlarmEvent } from '../../domain/alarm.ts';
import { computeIncidentId } from '../../domain/incident-id.ts';
import type { AlarmStateStore } from '../../ports/alarm-state-store.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import { type AlarmChange, DEFAULT_COOL_DOWN_MINUTES, decideIntake } from '../alarm-decision.ts';
import { incidentKey, type StateWith } from '../state.ts';
import { stepSpecOf } from '../step.ts';

/**
 * The intake: EventBridge invokes it with the alarm's state change; it is no state of the machine
 * (it starts the execution), so it has no retry or catch of the workflow's.
 */
export const intakeSpec = stepSpecOf({
  name: 'intake',
  description: 'Validates the alarm event, derives the incident id and starts the workflow',
  ports: ['blobs', 'alarm-state', 'start-workflow'],
  timeoutSeconds: 30,
  memoryMb: 256,
  inStateMachine: false,
  retry: [],
  catchTo: null,
  next: null,
});

/** What the intake hands the state machine: the first step's input. */
export type IntakeState = StateWith<'run' | 'relatedIncidents'>;

export type IntakeResult = { started: true; state: IntakeState } | { started: false; reason: string };

/**
 * Validates the EventBridge event and derives the deterministic incident id (a re-delivered event
 * gets the same id, so the execution named after it can start only once). The event is kept in
 * the bucket; only its key travels on.
 */
export async function intake(event: unknown, blobs: BlobStore): Promise<IntakeResult> {
  const parsed = parseAlarmEvent(event);
  if (!parsed.ok) return { started: false, reason: parsed.error };
  if (parsed.event.detail.state.value !== 'ALARM') {
    return {
      started: false,
      reason: `alarm ${parsed.alarm.name} changed to ${parsed.event.detail.state.value}, not ALARM`,
    };
  }
  const incidentId = computeIncidentId(parsed.alarm.arn, parsed.alarm.triggeredAt);
  const alarmKey = incidentKey(incidentId, 'alarm.json');
  await blobs.put(alarmKey, JSON.stringify(event), 'application/json');
  return { started: true, state: { incidentId, alarmKey } };
}

export type AdmitResult =
  | { started: true; state: IntakeState; executionName: string; update: boolean }
  | { started: false; reason: string };

/**
 * Intake with memory of the alarm: one analysis per ALARM transition (a re-delivered event starts
 * nothing), a flapping alarm (ALARM -> OK -> ALARM within the cool-down) re-runs its open incident
 * instead of opening another, and incidents of other alarms that fired within the cool-down are
 * linked as related. The alarm state is written conditionally; a lost race is retried.
 */
export async function admitAlarm(
  event: unknown,
  deps: { blobs: BlobStore; alarms: AlarmStateStore; coolDownMinutes?: number },
): Promise<AdmitResult> {
  const parsed = parseAlarmEvent(event);
  if (!parsed.ok) return { started: false, reason: parsed.error };
  const value = parsed.event.detail.state.value;
  const change: AlarmChange = {
    alarmArn: parsed.alarm.arn,
    alarmName: parsed.alarm.name,
    value: value === 'ALARM' || value === 'OK' ? value : 'INSUFFICIENT_DATA',
    at: parsed.alarm.triggeredAt,
    incidentId: computeIncidentId(parsed.alarm.arn, parsed.alarm.triggeredAt),
  };
  const coolDown = deps.coolDownMinutes ?? DEFAULT_COOL_DOWN_MINUTES;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.alarms.get(change.alarmArn);
    const decision = decideIntake(change, current, coolDown);
    if (decision.action === 'ignore') return { started: false, reason: decision.reason };
    if (!(await deps.alarms.put(decision.next, current ? current.version : null))) continue;
    if (decision.action === 'record') return { started: false, reason: decision.reason };
    const since = new Date(Date.parse(change.at) - coolDown * 60_000).toISOString();
    const related = (await deps.alarms.recentlyAlarmed(since))
      .filter(
        (s) => s.alarmArn !== change.alarmArn && s.openIncidentId && s.openIncidentId !== decision.incidentId,
      )
      .map((s) => s.openIncidentId as string);
    const alarmKey = incidentKey(decision.incidentId, 'alarm.json');
    await deps.blobs.put(alarmKey, JSON.stringify(event), 'application/json');
    const state: IntakeState = { incidentId: decision.incidentId, alarmKey, run: decision.next.runs };
    if (related.length > 0) state.relatedIncidents = [...new Set(related)].sort();
    return {
      started: true,
      state,
      executionName: decision.executionName,
      update: decision.action === 'update',
    };
  }
  return { started: false, reason: 'the alarm state kept changing under concurrent writers' };
}
