import { type BehaviourShift, findBehaviourShifts as find, quietAfterOwnChange } from '../behaviour.ts';
import { iso } from '../iso.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** Services whose routine lines changed their behaviour in the incident window (a sharp rise, a silence). */
export const findBehaviourShifts: CorrelationTool<BehaviourShift[]> = {
  name: 'find_behaviour_shifts',
  description:
    'Finds the services whose routine (non-error) lines changed behaviour in the incident window; such a shift ranks origin candidates and never names one by itself.',
  parameters: ({ collected, windows }) => ({
    patterns: collected.patterns.length,
    incidentStart: iso(windows.baselineEnd),
  }),
  run: ({ collected, windows, suspects, changes }) =>
    quietAfterOwnChange(find(collected, windows, new Set(suspects.keys())), changes),
  summarize: (list) =>
    list.map((b) => `${b.service} (${b.kind}, ${b.score.toFixed(2)}): ${b.detail}`).join('; ') || 'none',
  isEmpty: (list) => list.length === 0,
  keep(reading, shifts) {
    reading.shifts = shifts ?? [];
    return 'continue';
  },
};
