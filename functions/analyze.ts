import { analyzePorts } from '../shared/composition/aws-steps/analyze.ts';
import { analyze } from '../shared/workflow/steps/analyze.ts';
import { stepHandler } from './runtime.ts';

/** The analyze step of the analysis workflow: writes the offline report. */
export const handler = stepHandler(analyze, analyzePorts);
