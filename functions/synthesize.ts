import { stepHandler } from './runtime.ts';

/** The synthesize step of the analysis workflow (see shared/workflow/steps.ts). */
export const handler = stepHandler('synthesize');
