import { type BehaviourShift, byScore } from '../behaviour.ts';
import { findLoadHolders as find } from '../load-holder.ts';
import { findRateHolders } from '../rate-holder.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The services whose statements a database spent itself on while the others failed. */
export const findLoadHolders: CorrelationTool<BehaviourShift[]> = {
  name: 'find_load_holders',
  description:
    "When a database's slow statements rise, finds the service (not a database) whose sessions ran most of them, before the other services failed and failing less than they do: the load the database and the others report. When services are throttled by one AWS service, finds the service whose own count of its calls to it rose just before.",
  applies: ({ suspects }) => suspects.size > 0,
  parameters: ({ suspects, collected }) => ({
    suspects: suspects.size,
    patterns: collected.patterns.length,
  }),
  run: ({ collected, suspects, windows, shifts }) => [
    ...find(collected.patterns, suspects, collected.services, windows),
    ...findRateHolders(suspects, shifts),
  ],
  summarize: (list) =>
    list.map((h) => `${h.service}: ${h.detail} ("${h.record?.message.slice(0, 160) ?? ''}")`).join('; ') ||
    'no load holder',
  isEmpty: (list) => list.length === 0,
  keep(reading, holders) {
    reading.shifts = [...reading.shifts, ...(holders ?? [])].sort(byScore);
    return 'continue';
  },
};
