import { publishPorts } from '../shared/composition/aws-steps/publish.ts';
import { publish } from '../shared/workflow/steps/publish.ts';
import { stepHandler } from './runtime.ts';

/** The publish step of the analysis workflow. */
export const handler = stepHandler(publish, publishPorts);
