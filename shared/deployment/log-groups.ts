import * as z from 'zod';

/** The stage's log groups: per alarm (name or `prefix*`) and a default (LOG_GROUPS_CONFIG). */
export const stageLogGroupsSchema = z.object({
  alarmLogGroups: z.record(z.string(), z.array(z.string())).default({}),
  defaultLogGroups: z.array(z.string()).default([]),
});
export type StageLogGroups = z.infer<typeof stageLogGroupsSchema>;

/** Where X-Ray Transaction Search writes spans (read by the trace adapter, granted by the stack). */
export const SPANS_LOG_GROUP = 'aws/spans';
