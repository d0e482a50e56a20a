import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchAlarmTags } from '../adapters/aws/cloudwatch-alarm-tags.ts';
import type { PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The alarm's tags on CloudWatch. */
export const cloudWatchAlarmTags: PortFactory<'alarm-tags'> = ({ hook }) => ({
  alarmTags: new CloudWatchAlarmTags(hook(new CloudWatchClient(SDK_RETRY))),
});
