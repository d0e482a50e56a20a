import type { LogEvent } from '../../domain/log-event.ts';
import { neutraliseLine } from '../../report/neutralise.ts';
import { FindingTally } from './findings.ts';
import { redactInto } from './redact.ts';

/** Findings of door-masking are not reported per event: the report counts the markers it holds. */
const DISCARDED = new FindingTally();

/** The text with secrets and personal data masked; the same string when there is nothing to mask. */
export function maskText(text: string): string {
  return redactInto(text, DISCARDED);
}

/**
 * An event masked at the door, as it is read: message, log group and log stream (these two also
 * made one line of visible text), before anything
 * can cut, quote, hash, store, prompt or render them. Every event source (the incident folder, the
 * FilterLogEvents and Logs Insights readers) builds its events through this.
 */
export function maskEvent<T extends LogEvent>(event: T): T {
  const message = maskText(event.message);
  // Names are one line of visible text wherever they go (a newline in a group name broke the schema).
  const logGroup = neutraliseLine(maskText(event.logGroup));
  const logStream = event.logStream === undefined ? undefined : neutraliseLine(maskText(event.logStream));
  if (message === event.message && logGroup === event.logGroup && logStream === event.logStream) return event;
  const masked = { ...event, message, logGroup };
  if (logStream !== undefined) masked.logStream = logStream;
  return masked;
}
