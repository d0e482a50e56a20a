import { alarmWindows as analysisWindows, type Windows } from '../analysis/window.ts';
import { parseAlarmEvent } from '../domain/alarm.ts';
import type { LogEvent } from '../domain/log-event.ts';
import type { WorkflowPorts, WorkflowSettings } from './deps.ts';
import type { SliceManifest, StepState } from './state.ts';

type Blobs = Pick<WorkflowPorts, 'blobs'>;

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

/** The analysis windows of the stored alarm: what plan-fetch plans the fetch over and collect-shard collects with. */
export async function alarmWindows(
  state: StepState,
  deps: Blobs & Pick<WorkflowSettings, 'windows'>,
): Promise<{ windows: Windows; alarm: ReturnType<typeof parsedAlarm> }> {
  const alarm = parsedAlarm(JSON.parse(await deps.blobs.get(state.alarmKey)));
  const windows = analysisWindows(alarm.triggeredAt, deps.windows);
  return { windows, alarm };
}

function parsedAlarm(event: unknown) {
  const parsed = parseAlarmEvent(event);
  if (!parsed.ok) throw new Error(`stored alarm event is invalid: ${parsed.error}`);
  return parsed.alarm;
}

/** The manifests of the fetch slices, in slice order (at most the number of slices: a few dozen). */
export async function sliceManifests(keys: readonly string[], deps: Blobs): Promise<SliceManifest[]> {
  const manifests: SliceManifest[] = [];
  for (const key of keys) manifests.push(JSON.parse(await deps.blobs.get(key)) as SliceManifest);
  return manifests;
}

/**
 * The slices' fetch notes, in slice order, each said once: the slices of one group repeat its
 * notes (a missing group), and an incident folder's slices each report the same rejected lines.
 */
export function sliceNotes(manifests: readonly SliceManifest[]): string[] {
  return [...new Set(manifests.flatMap((m) => m.notes))];
}
