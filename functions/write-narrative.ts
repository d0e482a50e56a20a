import { writeNarrativePorts } from '../shared/composition/aws-steps/write-narrative.ts';
import { writeNarrative } from '../shared/workflow/steps/write-narrative.ts';
import { stepHandler } from './runtime.ts';

/** The write-narrative step of the analysis workflow: the model's prose, or the offline text. */
export const handler = stepHandler(writeNarrative, writeNarrativePorts);
