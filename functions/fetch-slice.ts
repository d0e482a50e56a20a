import { fetchSlicePorts } from '../shared/composition/aws-steps/fetch-slice.ts';
import { fetchSlice } from '../shared/workflow/steps/fetch-slice.ts';
import { stepHandler } from './runtime.ts';

/** The fetch-slice step of the analysis workflow, run once per fetch slice by a Map state. */
export const handler = stepHandler(fetchSlice, fetchSlicePorts);
