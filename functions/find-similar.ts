import { stepHandler } from './runtime.ts';

/** The find-similar step of the analysis workflow (see shared/workflow/steps.ts). */
export const handler = stepHandler('find-similar');
