/** How far around the alarm the analysis looks (minutes). */
export interface WindowOptions {
  /** The incident window opens this long before the alarm. */
  incidentMinutes: number;
  /** The baseline reaches back this long before the alarm (it ends where the incident window opens). */
  lookbackMinutes: number;
  /** The incident window stays open this long after the alarm. */
  tailMinutes: number;
}

export const DEFAULT_WINDOWS: WindowOptions = { incidentMinutes: 15, lookbackMinutes: 60, tailMinutes: 10 };

export interface Windows {
  alarmAt: number;
  baselineStart: number;
  /** Also the incident window's start. */
  baselineEnd: number;
  incidentEnd: number;
}

export type WindowName = 'baseline' | 'incident' | 'outside';

/** The windows of an alarm that fired at `triggeredAt` (ISO), the defaults overridden by `options`. */
export function alarmWindows(triggeredAt: string, options: Partial<WindowOptions> = {}): Windows {
  return computeWindows(Date.parse(triggeredAt), { ...DEFAULT_WINDOWS, ...options });
}

export function computeWindows(alarmAt: number, options: WindowOptions = DEFAULT_WINDOWS): Windows {
  const minute = 60_000;
  return {
    alarmAt,
    baselineStart: alarmAt - options.lookbackMinutes * minute,
    baselineEnd: alarmAt - options.incidentMinutes * minute,
    incidentEnd: alarmAt + options.tailMinutes * minute,
  };
}

export function windowOf(at: number, w: Windows): WindowName {
  if (at < w.baselineStart || at > w.incidentEnd) return 'outside';
  return at < w.baselineEnd ? 'baseline' : 'incident';
}
