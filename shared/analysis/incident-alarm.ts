import { type AlarmEventParseResult, parseAlarmEvent } from '../domain/alarm.ts';

/**
 * The alarm event of an incident: valid, and a change to ALARM (another state is no incident to
 * analyze). A clear error otherwise, never a throw.
 */
export function incidentAlarm(alarmEvent: unknown): AlarmEventParseResult {
  const parsed = parseAlarmEvent(alarmEvent);
  if (!parsed.ok) return parsed;
  if (parsed.event.detail.state.value !== 'ALARM') {
    return {
      ok: false,
      error: `The event is a change to ${parsed.event.detail.state.value}, not to ALARM: there is no incident to analyze.`,
    };
  }
  return parsed;
}
