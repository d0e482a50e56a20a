import { stepHandler } from './runtime.ts';

/** The correlate step of the analysis workflow (see shared/workflow/steps.ts). */
export const handler = stepHandler('correlate');
