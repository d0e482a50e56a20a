import { findSimilarPorts } from '../shared/composition/aws-steps/find-similar.ts';
import { findSimilar } from '../shared/workflow/steps/find-similar.ts';
import { stepHandler } from './runtime.ts';

/** The find-similar step of the analysis workflow. */
export const handler = stepHandler(findSimilar, findSimilarPorts);
