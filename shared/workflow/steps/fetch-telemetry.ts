import type { Telemetry } from '../../domain/telemetry.ts';
import type { WorkflowPorts } from '../deps.ts';
import { incidentKey, type StateWith } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';
import { telemetryRequest } from '../telemetry-request.ts';

/**
 * Reads the incident's metrics and traces (CloudWatch and X-Ray, or the folder's metrics.jsonl and
 * traces.jsonl) for the analysis window and keeps them in the bucket for analyze: the state gets
 * only the key. Without a telemetry source, or with nothing read and nothing to say, the state is
 * unchanged and the analysis is the log-only one.
 */
export const fetchTelemetry = defineStep(
  {
    name: 'fetch-telemetry',
    description:
      "Reads the window's metrics (the alarm's own and those of the services in play) and a bounded sample of traces into S3",
    ports: ['blobs', 'telemetry'],
    timeoutSeconds: 300,
    memoryMb: 2048,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'fetch-slice',
  },
  async (state: StateWith<'logGroups'>, deps): Promise<StateWith<'logGroups' | 'telemetryKey'>> => {
    if (!deps.telemetry) return state;
    const alarmEvent = JSON.parse(await deps.blobs.get(state.alarmKey)) as unknown;
    const request = telemetryRequest(alarmEvent, deps.windows, state.logGroups ?? []);
    if (!request) return state;
    const telemetry = await deps.telemetry.fetchTelemetry(request);
    if (telemetry.metrics.length === 0 && telemetry.traces.length === 0 && telemetry.notes.length === 0) {
      return state;
    }
    const telemetryKey = incidentKey(state.incidentId, 'telemetry.json');
    await deps.blobs.put(telemetryKey, serialized(telemetry), 'application/json');
    return { ...state, telemetryKey };
  },
);

/** The telemetry as JSON; traces too big for one string are left out, and the report says so. */
export function serialized(
  telemetry: Telemetry,
  stringify: (value: unknown) => string = JSON.stringify,
): string {
  try {
    return stringify(telemetry);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return stringify({
      metrics: telemetry.metrics,
      traces: [],
      notes: [
        ...telemetry.notes,
        `The ${telemetry.traces.length} trace segment(s) were too large to keep (${reason}): the analysis went on without them.`,
      ],
    });
  }
}

/** The telemetry fetch-telemetry kept, if any. */
export async function storedTelemetry(
  state: StateWith<'telemetryKey'>,
  deps: Pick<WorkflowPorts, 'blobs'>,
): Promise<Telemetry | undefined> {
  if (!state.telemetryKey) return undefined;
  return JSON.parse(await deps.blobs.get(state.telemetryKey)) as Telemetry;
}
