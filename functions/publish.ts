import { stepHandler } from './runtime.ts';

/** The publish step of the analysis workflow (see shared/workflow/steps.ts). */
export const handler = stepHandler('publish');
