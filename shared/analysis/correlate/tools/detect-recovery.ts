import { iso } from '../iso.ts';
import { telemetryNamesOrigin } from '../reading.ts';
import { detectRecovery as detect, type Recovery } from '../recovery.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** Whether the anomalous lines stopped well before the alarm while routine work went on: a stale alarm. */
export const detectRecovery: CorrelationTool<Recovery | null> = {
  name: 'detect_recovery',
  description:
    'Checks whether every anomalous line stopped well before the alarm while the services went on with their routine work (the alarm is stale).',
  applies: ({ choice }) => choice !== null,
  parameters: ({ suspects, windows }) => ({ suspects: suspects.size, alarmAt: iso(windows.alarmAt) }),
  run: ({ suspects, collected, windows }) => detect(suspects, collected, windows),
  summarize: (r) =>
    r
      ? `every anomalous line stopped at ${iso(r.endedAt)}, ${r.minutesBeforeAlarm} min before the alarm, and the services logged ${r.healthyLinesAfter} routine line(s) after`
      : 'the anomalous lines go on until the alarm (or the services fell silent)',
  isEmpty: (r) => r === null,
  keep(reading, recovery) {
    // Telemetry that names an origin still stands: the alarm's own signals may not have recovered.
    if (!recovery || telemetryNamesOrigin(reading)) return 'continue';
    reading.recovery = recovery;
    reading.limitations.push(
      `Recovered before the alarm: the new errors stopped at ${iso(recovery.endedAt)}, ${recovery.minutesBeforeAlarm} min before the alarm fired, and the services went back to their routine work; the alarm is stale.`,
    );
    reading.trail.add(
      'DECISION',
      'Inconclusive: recovered before the alarm',
      `The errors ended ${recovery.minutesBeforeAlarm} min before the alarm and routine work resumed, so they do not explain an alarm that fired afterwards.`,
    );
    return 'inconclusive';
  },
};
