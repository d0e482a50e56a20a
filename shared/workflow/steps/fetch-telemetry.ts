import { redactDeep } from '../../analysis/redact/index.ts';
import type { Telemetry } from '../../domain/telemetry.ts';
import { incidentKey, type StateWith } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';
import { serialized } from '../stored-telemetry.ts';
import { telemetryRequest } from '../telemetry-request.ts';

/**
 * Reads the incident's metrics and traces (CloudWatch and X-Ray, or the folder's metrics.jsonl and
 * traces.jsonl) for the analysis window and keeps them in the bucket for analyze: the state gets
 * only the key. Without a telemetry source, or with nothing read and nothing to say, the state is
 * unchanged and the analysis is the log-only one.
 */
/**
 * The telemetry masked at the door, as log lines are: span names (X-Ray names a SQL call
 * `database@host`), URLs, SQL, annotations, metadata and dimension values may carry addresses,
 * accounts and secrets, and nothing after this stores, prompts or renders them unmasked.
 */
function maskedTelemetry(telemetry: Telemetry): Telemetry {
  return {
    metrics: redactDeep(telemetry.metrics).value,
    traces: redactDeep(telemetry.traces).value,
    notes: telemetry.notes,
  };
}

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
    const telemetry = maskedTelemetry(await deps.telemetry.fetchTelemetry(request));
    if (telemetry.metrics.length === 0 && telemetry.traces.length === 0 && telemetry.notes.length === 0) {
      return state;
    }
    const telemetryKey = incidentKey(state.incidentId, 'telemetry.json');
    await deps.blobs.put(telemetryKey, serialized(telemetry), 'application/json');
    return { ...state, telemetryKey };
  },
);
