import { stepHandler } from './runtime.ts';

/** The fetch-telemetry step of the analysis workflow (see shared/workflow/steps.ts). */
export const handler = stepHandler('fetch-telemetry');
