import { planFetchPorts } from '../shared/composition/aws-steps/plan-fetch.ts';
import { planFetch } from '../shared/workflow/steps/plan-fetch.ts';
import { stepHandler } from './runtime.ts';

/** The plan-fetch step of the analysis workflow: plans the fetch, reads no log. */
export const handler = stepHandler(planFetch, planFetchPorts);
