import { parseAlarmEvent } from '../../domain/alarm.ts';
import { computeIncidentId } from '../../domain/incident-id.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import { incidentKey, type WorkflowState } from '../state.ts';

export type IntakeResult = { started: true; state: WorkflowState } | { started: false; reason: string };

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
