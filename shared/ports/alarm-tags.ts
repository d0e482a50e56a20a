/** Reads an alarm's tags (CloudWatch in AWS), where teams may name the alarm's log groups. */
export interface AlarmTagReader {
  tagsOf(alarmArn: string): Promise<Record<string, string>>;
}
