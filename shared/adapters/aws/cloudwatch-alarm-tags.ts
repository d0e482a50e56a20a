import { type CloudWatchClient, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import type { AlarmTagReader } from '../../ports/alarm-tags.ts';

/** An alarm's tags from CloudWatch; an alarm that cannot be read has no tags (the fetch goes on). */
export class CloudWatchAlarmTags implements AlarmTagReader {
  constructor(private readonly client: CloudWatchClient) {}

  async tagsOf(alarmArn: string): Promise<Record<string, string>> {
    try {
      const out = await this.client.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn }));
      return Object.fromEntries(
        (out.Tags ?? []).flatMap((t) => (t.Key && t.Value !== undefined ? [[t.Key, t.Value]] : [])),
      );
    } catch {
      return {};
    }
  }
}
