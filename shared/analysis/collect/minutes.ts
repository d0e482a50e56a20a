import type { Windows } from '../window.ts';

export const MINUTE = 60_000;

/** The minute of `at` relative to the alarm (minute 0 starts at the alarm). */
export function minuteOf(at: number, w: Windows): number {
  return Math.floor((at - w.alarmAt) / MINUTE);
}

/** When `minute` (relative to the alarm) starts: the inverse of minuteOf. */
export function minuteStart(minute: number, w: Windows): number {
  return w.alarmAt + minute * MINUTE;
}
