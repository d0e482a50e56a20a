import type { planFetch } from '../../workflow/steps/plan-fetch.ts';
import { cloudWatchAlarmTags } from '../aws-alarm-tags.ts';
import { s3Blobs } from '../aws-blobs.ts';
import type { PortFactories } from '../aws-step.ts';

/** plan-fetch in Lambda: the bucket and the alarm's tags. */
export const planFetchPorts: PortFactories<typeof planFetch.spec.ports> = {
  blobs: s3Blobs,
  'alarm-tags': cloudWatchAlarmTags,
};
