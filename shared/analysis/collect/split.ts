import { stepOnset } from '../correlate/onset.ts';
import type { Windows } from '../window.ts';
import { MINUTE, minuteOf } from './minutes.ts';
import type { PatternStat } from './model.ts';
import { countMinute } from './tallies.ts';

/** Pre-alarm data needed before its earlier half may serve as the baseline. */
const MIN_ADAPTIVE_SPAN_MINUTES = 2;
/** The least history that can serve as a baseline. */
const MIN_BASELINE_MINUTES = 1;

/** Error-like lines and all lines per minute (relative to the alarm), all services together. */
export interface MinuteSeries {
  errors: Map<number, number>;
  lines: Map<number, number>;
}

export function minuteSeries(patterns: Iterable<PatternStat>): MinuteSeries {
  const errors = new Map<number, number>();
  const lines = new Map<number, number>();
  for (const p of patterns) {
    for (const [m, n] of p.minutes) {
      countMinute(lines, m, n);
      if (p.errorLike) countMinute(errors, m, n);
    }
  }
  return { errors, lines };
}

/**
 * Where the baseline ends and the incident window begins. The data decides where it can: the
 * onset of the error series (its change point) opens the incident window when it comes before the
 * default opening (an alarm that fired late), or wherever it is when the logs begin after the
 * default opening (a short history, whose minutes before the onset are its only baseline). Without
 * a clear onset, a short history is split at the midpoint of its minutes before the alarm.
 */
export function chooseSplit(
  defaults: Windows,
  firstAt: number,
  lastAt: number,
  series: MinuteSeries,
): { windows: Windows; note: string | null } {
  if (!Number.isFinite(firstAt)) return { windows: defaults, note: null };
  const defaultOpen = minuteOf(defaults.baselineEnd, defaults);
  const dataStart = Math.max(minuteOf(firstAt, defaults), minuteOf(defaults.baselineStart, defaults));
  const onset = stepOnset(
    series.errors,
    dataStart,
    Math.min(minuteOf(lastAt, defaults), 0),
    MIN_BASELINE_MINUTES,
    series.lines,
  );
  const at = (minute: number) => ({ ...defaults, baselineEnd: defaults.alarmAt + minute * MINUTE });
  const rates = onset
    ? `from ${percent(onset.rateBefore)} to ${percent(onset.rateAfter)} of the lines logged`
    : '';
  if (dataStart < defaultOpen) {
    if (!onset || onset.minute >= defaultOpen) return { windows: defaults, note: null };
    return {
      windows: at(onset.minute),
      note: `The errors stepped up ${-onset.minute} min before the alarm (${rates}), before the default incident window opens: the incident window opens at that onset.`,
    };
  }
  const preAlarmMinutes = -dataStart;
  if (onset) {
    return {
      windows: at(onset.minute),
      note: `The logs start only ${preAlarmMinutes} min before the alarm; the errors step up ${-onset.minute} min before it (${rates}): the ${onset.minute - dataStart} min before that onset serve as the baseline.`,
    };
  }
  if (preAlarmMinutes < MIN_ADAPTIVE_SPAN_MINUTES) return { windows: defaults, note: null };
  const half = Math.ceil(preAlarmMinutes / 2);
  return {
    windows: at(-half),
    note: `The logs start only ${preAlarmMinutes} min before the alarm, inside the default incident window: the earlier ${preAlarmMinutes - half} min serve as the baseline and the incident window opens ${half} min before the alarm.`,
  };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
}
