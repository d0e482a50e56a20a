import type { LogEvent } from '../../domain/log-event.ts';
import { cutMessage } from './cut.ts';

/** A LogEvent coerced field by field, so that malformed input (from JSON, from tests) cannot throw later. */
export interface SafeEvent {
  logGroup: string;
  logStream: string | undefined;
  /** NaN when the event carries no finite timestamp. */
  eventMs: number;
  message: string;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return '';
  }
}

export function toSafeEvent(event: LogEvent): SafeEvent {
  const candidate = (typeof event === 'object' && event !== null ? event : {}) as Partial<
    Record<string, unknown>
  >;
  const timestamp = candidate.timestamp;
  const logStream = candidate.logStream;
  return {
    logGroup: asText(candidate.logGroup),
    logStream: typeof logStream === 'string' ? logStream : undefined,
    eventMs: typeof timestamp === 'number' && Number.isFinite(timestamp) ? timestamp : Number.NaN,
    message: cutMessage(asText(candidate.message)),
  };
}
