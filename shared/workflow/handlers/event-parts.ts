import { computeWindows, DEFAULT_WINDOWS, type Windows } from '../../analysis/window.ts';
import { parseAlarmEvent } from '../../domain/alarm.ts';
import type { LogEvent } from '../../domain/log-event.ts';
import type { WorkflowDeps } from '../deps.ts';
import type { WorkflowState } from '../state.ts';

/** The events of stored parts (one JSON object per line), read lazily. */
export function* jsonLines(parts: Iterable<string>): Generator<LogEvent> {
  for (const text of parts) {
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      if (end > start) yield JSON.parse(text.slice(start, end)) as LogEvent;
      start = end + 1;
    }
  }
}

/** The analysis windows of the stored alarm: what fetch-logs reads and collect-shard collects with. */
export async function alarmWindows(
  state: WorkflowState,
  deps: WorkflowDeps,
): Promise<{ windows: Windows; alarm: ReturnType<typeof parsedAlarm> }> {
  const alarm = parsedAlarm(JSON.parse(await deps.blobs.get(state.alarmKey)));
  const windows = computeWindows(Date.parse(alarm.triggeredAt), { ...DEFAULT_WINDOWS, ...deps.windows });
  return { windows, alarm };
}

function parsedAlarm(event: unknown) {
  const parsed = parseAlarmEvent(event);
  if (!parsed.ok) throw new Error(`stored alarm event is invalid: ${parsed.error}`);
  return parsed.alarm;
}
