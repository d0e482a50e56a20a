import type { Windows } from '../window.ts';

/** Where the telemetry's baseline ends and its incident begins, and why there. */
export interface TelemetrySplit {
  at: number;
  basis: 'alarm-onset' | 'window' | 'data-midpoint';
  note: string | null;
}

const MINUTE = 60_000;
/** The baseline must hold at least this much data before the split to be one. */
const MIN_BASELINE_MS = 2 * MINUTE;

/**
 * The split between baseline and incident for the telemetry: the alarm metric's own onset (or its
 * first breaching datapoint) when known and preceded by enough data; else the windows' split when
 * data precedes it; else the middle of the data before the alarm (a window without a baseline
 * cannot tell a change from the usual).
 */
export function chooseSplit(windows: Windows, onsetAt: number | null, firstDataAt: number): TelemetrySplit {
  if (!Number.isFinite(firstDataAt)) return { at: windows.baselineEnd, basis: 'window', note: null };
  if (onsetAt !== null && onsetAt - firstDataAt >= MIN_BASELINE_MS && onsetAt <= windows.alarmAt) {
    return { at: onsetAt, basis: 'alarm-onset', note: null };
  }
  if (windows.baselineEnd - Math.max(firstDataAt, windows.baselineStart) >= MIN_BASELINE_MS) {
    return { at: windows.baselineEnd, basis: 'window', note: null };
  }
  const preAlarm = windows.alarmAt - firstDataAt;
  if (preAlarm < MIN_BASELINE_MS) {
    return {
      at: windows.baselineEnd,
      basis: 'window',
      note: 'Metrics and traces start too close to the alarm for a baseline: their changes cannot be measured.',
    };
  }
  const at = firstDataAt + Math.floor(preAlarm / 2);
  return {
    at,
    basis: 'data-midpoint',
    note: `Metrics and traces start only ${Math.round(preAlarm / MINUTE)} min before the alarm: the earlier half serves as their baseline.`,
  };
}
