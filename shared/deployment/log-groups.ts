import * as z from 'zod';

/** The stage's log groups: per alarm (name or `prefix*`) and a default (LOG_GROUPS_CONFIG). */
export const stageLogGroupsSchema = z.object({
  alarmLogGroups: z.record(z.string(), z.array(z.string())).default({}),
  defaultLogGroups: z.array(z.string()).default([]),
});
export type StageLogGroups = z.infer<typeof stageLogGroupsSchema>;

/** The alarm tag that names an alarm's log groups, comma-separated (set by whoever owns the alarm). */
export const LOG_GROUPS_TAG = 'incidentiq:log-groups';

/** Where X-Ray Transaction Search writes spans (read by the trace adapter, granted by the stack). */
export const SPANS_LOG_GROUP = 'aws/spans';
