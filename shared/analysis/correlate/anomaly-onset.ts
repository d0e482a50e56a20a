import type { LogRecord } from '../../domain/log-event.ts';
import { minuteOf, minuteStart } from '../collect/minutes.ts';
import type { Windows } from '../window.ts';
import type { Anomaly } from './anomalies.ts';
import { stepOnset } from './onset.ts';

/**
 * When an anomaly began, and the line that shows it: a new pattern's first line; a spiking one's
 * first line where its rate stepped up (the change point of its lines per minute), since its first
 * line in the incident window may be one at the rate it always had (a resolver's odd timeout
 * before its upstream died).
 */
export function anomalyOnset(a: Anomaly, windows: Windows): { at: number; record: LogRecord | undefined } {
  const p = a.pattern;
  const first = { at: p.firstIncidentAt, record: p.samples[0] };
  if (a.isNew || p.minutes.size === 0) return first;
  const step = stepOnset(p.minutes, minuteOf(windows.baselineStart, windows), Math.max(...p.minutes.keys()));
  if (!step) return first;
  const record = p.bucketSamples.get(step.minute);
  const at = record?.at ?? minuteStart(step.minute, windows);
  return at > p.firstIncidentAt ? { at, record: record ?? first.record } : first;
}
