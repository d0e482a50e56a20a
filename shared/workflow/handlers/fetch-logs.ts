import { resolveLogGroups } from '../../adapters/aws/log-group-resolution.ts';
import { computeWindows, DEFAULT_WINDOWS } from '../../analysis/window.ts';
import { parseAlarmEvent } from '../../domain/alarm.ts';
import type { WorkflowDeps } from '../deps.ts';
import { incidentKey, type WorkflowState, withNotes } from '../state.ts';

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
  const resolved = resolveLogGroups({
    alarm: parsed.alarm,
    stageConfig: deps.logGroups,
    ...(deps.explicitLogGroups ? { explicit: deps.explicitLogGroups } : {}),
  });
  const known = resolved.logGroups.length === 0 ? (deps.fetcher.knownLogGroups?.() ?? []) : [];
  const logGroups = known.length > 0 ? known : resolved.logGroups;
  const reasons = known.length > 0 ? ['the log store names its own groups'] : resolved.reasons;
  const eventsKey = incidentKey(state.incidentId, 'events.jsonl');
  if (logGroups.length === 0) {
    await deps.blobs.put(eventsKey, '', 'application/x-ndjson');
    return withNotes({ ...state, eventsKey }, [
      `No log group is known for alarm ${parsed.alarm.name}: configure logGroups for it, or tag the alarm with incidentiq:log-groups.`,
    ]);
  }
  const { events, outcome } = deps.fetcher.fetch({
    logGroups,
    startTime: windows.baselineStart,
    endTime: windows.incidentEnd,
  });
  const lines: string[] = [];
  for await (const event of events) lines.push(JSON.stringify(event));
  await deps.blobs.put(eventsKey, lines.length > 0 ? `${lines.join('\n')}\n` : '', 'application/x-ndjson');
  return withNotes({ ...state, eventsKey, logGroups, logGroupSources: reasons }, outcome.notes);
}
