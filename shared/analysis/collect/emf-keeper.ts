import type { LogRecord } from '../../domain/log-event.ts';
import type { MetricDatapoint } from '../../domain/telemetry.ts';
import { parseJsonObject } from '../parse/styles/json-object.ts';
import { emfDatapoints } from '../telemetry/emf.ts';

/** Datapoints read from embedded-metric-format events that a pass or a merge keeps, at most. */
export const MAX_EMF_POINTS = 100_000;

/** The metrics the window's EMF log events declare (see telemetry/emf.ts), bounded; the rest counted. */
export class EmfKeeper {
  readonly points: MetricDatapoint[] = [];
  dropped = 0;

  add(record: LogRecord): void {
    // The JSON style kept the event's own object as its fields; a line a container envelope carried
    // has the envelope's metadata there under `container`, and the event itself is read again.
    const own = record.fields?.container === undefined ? record.fields : undefined;
    const parsed = own ? { value: own } : parseJsonObject(record.raw);
    if ('error' in parsed) return;
    this.addPoints(emfDatapoints(parsed.value, record.at));
  }

  addPoints(points: readonly MetricDatapoint[]): void {
    const room = Math.max(0, MAX_EMF_POINTS - this.points.length);
    this.points.push(...points.slice(0, room));
    this.dropped += Math.max(0, points.length - room);
  }
}
