import { recordFailurePorts } from '../shared/composition/aws-steps/record-failure.ts';
import { recordFailure } from '../shared/workflow/steps/record-failure.ts';
import { stepHandler } from './runtime.ts';

/** The record-failure step of the analysis workflow: publishes a degraded report. */
export const handler = stepHandler(recordFailure, recordFailurePorts);
