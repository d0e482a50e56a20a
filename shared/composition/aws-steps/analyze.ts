import type { analyze } from '../../workflow/steps/analyze.ts';
import { s3Blobs } from '../aws-blobs.ts';
import type { PortFactories } from '../aws-step.ts';

/** analyze in Lambda: the bucket only. */
export const analyzePorts: PortFactories<typeof analyze.spec.ports> = { blobs: s3Blobs };
