import { fetchTelemetryPorts } from '../shared/composition/aws-steps/fetch-telemetry.ts';
import { fetchTelemetry } from '../shared/workflow/steps/fetch-telemetry.ts';
import { stepHandler } from './runtime.ts';

/** The fetch-telemetry step of the analysis workflow. */
export const handler = stepHandler(fetchTelemetry, fetchTelemetryPorts);
