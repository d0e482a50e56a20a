import type { LogEvent } from '../../domain/log-event.ts';

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

/** The latest events of one stream by timestamp, the oldest forgotten first. */
class RecentEvents {
  private readonly byTime = new Map<number, LogEvent[]>();
  /** Timestamps of the remembered events in the order they came: a ring of STREAM_EVENTS_KEPT. */
  private readonly order = new Float64Array(STREAM_EVENTS_KEPT);
  private next = 0;
  private size = 0;

  seen(event: LogEvent): boolean {
    const same = this.byTime.get(event.timestamp);
    if (same) {
      if (same.some((e) => e.message === event.message && e.eventId === event.eventId)) return true;
      if (same.length >= SAME_MS_KEPT) return false;
    }
    if (this.size === STREAM_EVENTS_KEPT) this.forgetOldest();
    const kept = this.byTime.get(event.timestamp); // the oldest forgotten may have been its last
    if (kept) kept.push(event);
    else this.byTime.set(event.timestamp, [event]);
    this.order[this.next] = event.timestamp;
    this.next = (this.next + 1) % STREAM_EVENTS_KEPT;
    this.size++;
    return false;
  }

  private forgetOldest(): void {
    const at = this.order[this.next] as number;
    const events = this.byTime.get(at);
    events?.shift();
    if (events?.length === 0) this.byTime.delete(at);
    this.size--;
  }
}
