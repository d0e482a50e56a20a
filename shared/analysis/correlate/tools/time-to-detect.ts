import { iso } from '../iso.ts';
import { originOf, type Reading } from '../reading.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** Seconds from the first anomalous signal (log line, telemetry onset) to the alarm. */
export const timeToDetect: CorrelationTool<number> = {
  name: 'time_to_detect',
  description:
    'Measures the seconds from the first anomalous signal (a log line or the telemetry onset) to the alarm.',
  parameters: ({ windows }) => ({ alarmAt: iso(windows.alarmAt) }),
  run: (reading) =>
    Math.max(0, Math.round((reading.windows.alarmAt - Math.min(...firstSignals(reading))) / 1000)),
  summarize: (secs) => `${secs} s from the first anomalous signal to the alarm`,
  keep(reading, secs) {
    reading.mttdSeconds = secs ?? null;
    return 'continue';
  },
};

function firstSignals(reading: Reading): number[] {
  const onset = reading.telemetryFindings?.alarmOnset;
  return [
    ...[...reading.suspects.values()].map((s) => s.firstAt),
    originOf(reading).root.firstAt,
    ...(onset ? [onset.at] : []),
  ];
}
