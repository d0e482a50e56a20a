import { CloudWatchClient, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchAlarmTags } from '../../../../shared/adapters/aws/cloudwatch-alarm-tags.ts';

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());
afterAll(() => cw.restore());

describe('CloudWatchAlarmTags', () => {
  const arn = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-5xx';

  it('returns the alarm tags as a map, asking for exactly that alarm', async () => {
    cw.on(ListTagsForResourceCommand, { ResourceARN: arn }).resolves({
      Tags: [
        { Key: 'incidentiq:log-groups', Value: '/ecs/checkout,/ecs/payments' },
        { Key: 'team', Value: 'payments' },
      ],
    });
    const tags = await new CloudWatchAlarmTags(new CloudWatchClient({ region: 'eu-west-1' })).tagsOf(arn);
    expect(tags).toEqual({ 'incidentiq:log-groups': '/ecs/checkout,/ecs/payments', team: 'payments' });
  });

  it('gives no tags when the alarm cannot be read, so the fetch goes on with other sources', async () => {
    cw.on(ListTagsForResourceCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    expect(await new CloudWatchAlarmTags(new CloudWatchClient({ region: 'eu-west-1' })).tagsOf(arn)).toEqual(
      {},
    );
  });
});
