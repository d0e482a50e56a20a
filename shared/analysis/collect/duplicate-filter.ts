import type { LogEvent } from '../../domain/log-event.ts';
import { MARKER_PREFIX } from '../redact/kinds.ts';

/** The latest events of a log stream remembered to compare against: a retried page of up to this many is caught. */
export const STREAM_EVENTS_KEPT = 256;
/** Of those, at most this many of one millisecond: duplicates in a larger burst of one millisecond are kept. */
export const SAME_MS_KEPT = 64;

/** What the report says of the duplicates left out. */
export function duplicatesNote(duplicates: number): string {
  return `${duplicates} line(s) rejected: exact duplicate of an earlier event (same group, stream, timestamp, message and event id), counted once.`;
}

/**
 * Exact duplicates (a retried page, a re-delivered or twice-exported event): the same group,
 * stream, timestamp, message and event id as one of the latest events of its stream. Memory is
 * bounded per stream, and what is a duplicate depends on the events of its own stream only, in
 * their order: a shard holding whole streams decides exactly as one pass over all events.
 */
export class DuplicateFilter {
  private readonly streams = new Map<string, RecentEvents>();

  /** True when `event` repeats one already seen (it is then to be left out). */
  seen(event: LogEvent): boolean {
    const key = `${event.logGroup}\u0000${event.logStream ?? ''}`;
    let recent = this.streams.get(key);
    if (!recent) {
      recent = new RecentEvents();
      this.streams.set(key, recent);
    }
    return recent.seen(event);
  }
}

/**
 * The latest events of one stream, in a ring that grows to STREAM_EVENTS_KEPT. Only an event no
 * later than the stream's latest is compared (a repeat cannot be newer than what it repeats), so
 * a stream read in order costs an append per event.
 */
class RecentEvents {
  private readonly at: number[] = [];
  private readonly events: LogEvent[] = [];
  /** Where the next event goes once the ring is full: the oldest remembered. */
  private next = 0;
  private latest = Number.NEGATIVE_INFINITY;

  seen(event: LogEvent): boolean {
    const at = event.timestamp;
    if (at <= this.latest) {
      let sameMs = 0;
      for (let i = 0; i < this.at.length; i++) {
        if (this.at[i] !== at) continue;
        const kept = this.events[i] as LogEvent;
        if (kept.message === event.message && kept.eventId === event.eventId && provablySame(event))
          return true;
        sameMs++;
      }
      if (sameMs >= SAME_MS_KEPT) return false;
    } else this.latest = at;
    if (this.at.length < STREAM_EVENTS_KEPT) {
      this.at.push(at);
      this.events.push(event);
      return false;
    }
    this.at[this.next] = at;
    this.events[this.next] = event;
    this.next = (this.next + 1) % STREAM_EVENTS_KEPT;
    return false;
  }
}

/**
 * Masked at the door, two events alike may have differed in what was masked (two client addresses
 * in the same millisecond): without an event id to say they are one, both are kept.
 */
function provablySame(event: LogEvent): boolean {
  return event.eventId !== undefined || !event.message.includes(MARKER_PREFIX);
}
