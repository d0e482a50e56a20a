import type { Telemetry } from '../../domain/telemetry.ts';
import type { WorkflowDeps } from '../deps.ts';
import { incidentKey, type WorkflowState } from '../state.ts';
import { telemetryRequest } from '../telemetry-request.ts';

/**
 * Reads the incident's metrics and traces (CloudWatch and X-Ray, or the folder's metrics.jsonl and
 * traces.jsonl) for the analysis window and keeps them in the bucket for correlate: the state gets
 * only the key. Without a telemetry source, or with nothing read and nothing to say, the state is
 * unchanged and the analysis is the log-only one.
 */
export async function fetchTelemetry(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!deps.telemetry) return state;
  const alarmEvent = JSON.parse(await deps.blobs.get(state.alarmKey)) as unknown;
  const request = telemetryRequest(alarmEvent, deps.windows, state.logGroups ?? []);
  if (!request) return state;
  const telemetry = await deps.telemetry.fetchTelemetry(request);
  if (telemetry.metrics.length === 0 && telemetry.traces.length === 0 && telemetry.notes.length === 0) {
    return state;
  }
  const telemetryKey = incidentKey(state.incidentId, 'telemetry.json');
  await deps.blobs.put(telemetryKey, JSON.stringify(telemetry), 'application/json');
  return { ...state, telemetryKey };
}

/** The telemetry fetch-telemetry kept, if any. */
export async function storedTelemetry(
  state: WorkflowState,
  deps: WorkflowDeps,
): Promise<Telemetry | undefined> {
  if (!state.telemetryKey) return undefined;
  return JSON.parse(await deps.blobs.get(state.telemetryKey)) as Telemetry;
}
