import { stepHandler } from './runtime.ts';

/** The fetch-logs step of the analysis workflow (see shared/workflow/steps.ts). */
export const handler = stepHandler('fetch-logs');
