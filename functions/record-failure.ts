import { stepHandler } from './runtime.ts';

/** The record-failure step of the analysis workflow (see shared/workflow/steps.ts). */
export const handler = stepHandler('record-failure');
