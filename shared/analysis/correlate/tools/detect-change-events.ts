import { inferTrigger, type TriggerFinding, withRollouts } from '../changes/index.ts';
import { iso } from '../iso.ts';
import { originOf } from '../reading.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The deploy, configuration or policy change that set the origin's fault off, if one precedes it. */
export const detectChangeEvents: CorrelationTool<TriggerFinding | null> = {
  name: 'detect_change_events',
  description:
    'Finds the latest deploy, configuration or policy change that concerns the origin and shortly precedes its first anomaly (its trigger).',
  parameters: (reading) => ({
    changes: reading.collected.changes.length,
    rootService: originOf(reading).root.service,
  }),
  run: (reading) => {
    const { root } = originOf(reading);
    return inferTrigger(
      withRollouts(reading.collected.changes),
      root.service,
      root.firstAt,
      reading.windows.baselineEnd,
    );
  },
  summarize: (t, reading) =>
    t
      ? `${t.change.kind} of ${t.change.service} at ${iso(t.change.at)} ("${t.change.description.slice(0, 200)}"), ${Math.round(t.leadSeconds)} s before the first anomaly`
      : `${reading.collected.changes.length} change event(s), none precedes ${originOf(reading).root.service}'s first anomaly`,
  isEmpty: (t) => t === null,
  keep(reading, trigger) {
    reading.trigger = trigger ?? null;
    return 'continue';
  },
};
