import { resolveLogGroups } from '../../adapters/aws/log-group-resolution.ts';
import { computeWindows, DEFAULT_WINDOWS } from '../../analysis/window.ts';
import { parseAlarmEvent } from '../../domain/alarm.ts';
import type { WorkflowDeps } from '../deps.ts';
import { EVENTS_PER_PART, eventPartKey, incidentKey, type WorkflowState, withNotes } from '../state.ts';

/**
 * Reads the logs of the analysis window (baseline + incident window) from the log store and keeps
 * them in the bucket as JSON lines. The window and the groups follow the alarm; the notes say
 * where the groups came from and what a cap cut.
 */
export async function fetchLogs(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  const parsed = parseAlarmEvent(JSON.parse(await deps.blobs.get(state.alarmKey)));
  if (!parsed.ok) throw new Error(`stored alarm event is invalid: ${parsed.error}`);
  const windows = computeWindows(Date.parse(parsed.alarm.triggeredAt), {
    ...DEFAULT_WINDOWS,
    ...deps.windows,
  });
  const alarmTags = deps.alarmTags ? await deps.alarmTags.tagsOf(parsed.alarm.arn) : undefined;
  const resolved = resolveLogGroups({
    alarm: parsed.alarm,
    ...(alarmTags ? { alarmTags } : {}),
    stageConfig: deps.logGroups,
    ...(deps.explicitLogGroups ? { explicit: deps.explicitLogGroups } : {}),
  });
  const known = resolved.logGroups.length === 0 ? (deps.fetcher.knownLogGroups?.() ?? []) : [];
  const logGroups = known.length > 0 ? known : resolved.logGroups;
  const reasons = known.length > 0 ? ['the log store names its own groups'] : resolved.reasons;
  const eventsKey = incidentKey(state.incidentId, 'events/');
  if (logGroups.length === 0) {
    return withNotes({ ...state, eventsKey, eventParts: 0 }, [
      `No log group is known for alarm ${parsed.alarm.name}: configure logGroups for it, or tag the alarm with incidentiq:log-groups.`,
    ]);
  }
  const { events, outcome } = deps.fetcher.fetch({
    logGroups,
    startTime: windows.baselineStart,
    endTime: windows.incidentEnd,
  });
  // Parts are written as they fill, so the step holds at most one part's lines at a time.
  let parts = 0;
  let lines: string[] = [];
  const flush = async () => {
    await deps.blobs.put(eventPartKey(eventsKey, parts), `${lines.join('\n')}\n`, 'application/x-ndjson');
    parts++;
    lines = [];
  };
  for await (const event of events) {
    lines.push(JSON.stringify(event));
    if (lines.length >= EVENTS_PER_PART) await flush();
  }
  if (lines.length > 0) await flush();
  return withNotes(
    { ...state, eventsKey, eventParts: parts, logGroups, logGroupSources: reasons },
    outcome.notes,
  );
}
