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

/** Group and stream names repeat over millions of events: each distinct one is masked once. */
const NAMES = new Map<string, string>();
const MAX_NAMES = 8192;

/** A name masked and made one line of visible text (a newline in a group name broke the schema). */
export function maskName(name: string): string {
  const known = NAMES.get(name);
  if (known !== undefined) return known;
  const masked = neutraliseLine(maskText(name));
  if (NAMES.size >= MAX_NAMES) NAMES.clear();
  NAMES.set(name, masked);
  return masked;
}

/**
 * An event masked at the door, as it is read: message, log group and log stream (these two also
 * made one line of visible text), before anything
 * can cut, quote, hash, store, prompt or render them. Every event source (the incident folder, the
 * FilterLogEvents and Logs Insights readers) builds its events through this.
 */
export function maskEvent<T extends LogEvent>(event: T): T {
  const message = maskText(event.message);
  const logGroup = maskName(event.logGroup);
  const logStream = event.logStream === undefined ? undefined : maskName(event.logStream);
  if (message === event.message && logGroup === event.logGroup && logStream === event.logStream) return event;
  const masked = { ...event, message, logGroup };
  if (logStream !== undefined) masked.logStream = logStream;
  return masked;
}
