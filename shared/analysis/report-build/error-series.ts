import type { Anomaly } from '../correlate/anomalies.ts';
import type { Findings } from '../correlate/findings.ts';

const MINUTE = 60_000;

/** Lines per minute: `values[i]` counts the minute starting at `startMinute + i` (minutes relative to the alarm). */
export interface MinuteCounts {
  startMinute: number;
  values: number[];
}

/** The minutes the data covers: from the baseline's start (or the first line) to the last line read. */
export function minuteRange(f: Findings): { first: number; last: number } {
  const w = f.windows;
  const minute = (at: number) => Math.floor((at - w.alarmAt) / MINUTE);
  const from = Number.isFinite(f.collected.firstAt)
    ? Math.max(w.baselineStart, f.collected.firstAt)
    : w.baselineStart;
  const to = Number.isFinite(f.collected.lastAt)
    ? Math.min(w.incidentEnd, f.collected.lastAt)
    : w.incidentEnd;
  return { first: minute(from), last: Math.max(minute(from), minute(to)) };
}

/** The per-minute sum of some anomalies' lines over the data's minutes (zero where none). */
export function countsOf(f: Findings, anomalies: readonly Anomaly[]): MinuteCounts {
  const { first, last } = minuteRange(f);
  const values = new Array<number>(last - first + 1).fill(0);
  for (const a of anomalies) {
    for (const [m, n] of a.pattern.minutes) {
      const i = m - first;
      if (i >= 0 && i < values.length) values[i] = (values[i] ?? 0) + n;
    }
  }
  return { startMinute: first, values };
}

export function minuteStart(f: Findings, minute: number): number {
  return f.windows.alarmAt + minute * MINUTE;
}

/** The anomalies of one service. */
export function anomaliesOf(f: Findings, service: string): Anomaly[] {
  return f.suspects.get(service)?.anomalies ?? [];
}
