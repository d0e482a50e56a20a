import { resolveLogGroups } from '../../adapters/aws/log-group-resolution.ts';
import type { WorkflowDeps } from '../deps.ts';
import {
  EVENTS_PER_PART,
  eventPartKey,
  incidentKey,
  SHARDS,
  shardOfStream,
  type WorkflowState,
  withNotes,
} from '../state.ts';
import { alarmWindows } from './event-parts.ts';

/**
 * Reads the logs of the analysis window (baseline + incident window) from the log store and keeps
 * them in the bucket as JSON lines, split by log stream into shards (every event of a stream in
 * one shard, in order) and each shard into parts. The window and the groups follow the alarm; the
 * notes say where the groups came from and what a cap cut.
 */
export async function fetchLogs(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  const { windows, alarm } = await alarmWindows(state, deps);
  const alarmTags = deps.alarmTags ? await deps.alarmTags.tagsOf(alarm.arn) : undefined;
  const resolved = resolveLogGroups({
    alarm,
    ...(alarmTags ? { alarmTags } : {}),
    stageConfig: deps.logGroups,
    ...(deps.explicitLogGroups ? { explicit: deps.explicitLogGroups } : {}),
  });
  const known = resolved.logGroups.length === 0 ? (deps.fetcher.knownLogGroups?.() ?? []) : [];
  const logGroups = known.length > 0 ? known : resolved.logGroups;
  const reasons = known.length > 0 ? ['the log store names its own groups'] : resolved.reasons;
  const eventsKey = incidentKey(state.incidentId, 'events/');
  if (logGroups.length === 0) {
    return withNotes({ ...state, eventsKey, eventParts: 0, shards: [] }, [
      `No log group is known for alarm ${alarm.name}: configure logGroups for it, or tag the alarm with incidentiq:log-groups.`,
    ]);
  }
  const { events, outcome } = deps.fetcher.fetch({
    logGroups,
    startTime: windows.baselineStart,
    endTime: windows.incidentEnd,
  });
  const perPart = Math.max(1, deps.eventsPerPart ?? EVENTS_PER_PART);
  const shardCount = Math.max(1, deps.shards ?? SHARDS);
  // Parts are written as they fill, so the step holds at most one part's lines per shard.
  let parts = 0;
  const buffers: string[][] = Array.from({ length: shardCount }, () => []);
  const partsOf: number[][] = Array.from({ length: shardCount }, () => []);
  const flush = async (shard: number) => {
    const lines = buffers[shard] as string[];
    await deps.blobs.put(eventPartKey(eventsKey, parts), `${lines.join('\n')}\n`, 'application/x-ndjson');
    (partsOf[shard] as number[]).push(parts);
    parts++;
    buffers[shard] = [];
  };
  for await (const event of events) {
    const shard = shardOfStream(event.logGroup, event.logStream, shardCount);
    const lines = buffers[shard] as string[];
    lines.push(JSON.stringify(event));
    if (lines.length >= perPart) await flush(shard);
  }
  for (let shard = 0; shard < shardCount; shard++) {
    if ((buffers[shard] as string[]).length > 0) await flush(shard);
  }
  return withNotes(
    {
      ...state,
      eventsKey,
      eventParts: parts,
      shards: partsOf.filter((p) => p.length > 0),
      logGroups,
      logGroupSources: reasons,
    },
    outcome.notes,
  );
}
