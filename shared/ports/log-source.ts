import type { LogEvent } from '../domain/log-event.ts';

/** An incident to analyze: the alarm event and the log events around it. */
export interface IncidentInput {
  /** The EventBridge alarm event as read (validated by the analysis). */
  alarmEvent: unknown;
  /** The log events, streamed: a source may read them lazily while the analysis consumes them. */
  events: Iterable<LogEvent>;
  /**
   * What the source could not use (malformed lines, caps hit), filled in as the events are read:
   * complete once `events` has been iterated to the end.
   */
  notes: string[];
}

/** Where an incident's alarm and logs come from: an incident folder, CloudWatch Logs, ... */
export interface LogSource {
  load(): IncidentInput;
}
