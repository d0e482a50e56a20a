import { stepHandler } from './runtime.ts';

/** The collect-shard step of the analysis workflow, run once per shard by a Map state (see shared/workflow/steps.ts). */
export const handler = stepHandler('collect-shard');
