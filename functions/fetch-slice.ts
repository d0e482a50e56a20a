import { stepHandler } from './runtime.ts';

/** The fetch-slice step of the analysis workflow, run once per fetch slice by a Map state (see shared/workflow/steps.ts). */
export const handler = stepHandler('fetch-slice');
