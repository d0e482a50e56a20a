import { type BehaviourShift, byScore } from '../behaviour.ts';
import { findLockHolders as find } from '../lock-holder.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The services that took a database lock just before others began to wait on locks. */
export const findLockHolders: CorrelationTool<BehaviourShift[]> = {
  name: 'find_lock_holders',
  description:
    'When services wait on database locks, finds the service (not the database) that began a lock-taking statement or a schema migration shortly before the first wait: the holder the waiters report.',
  applies: ({ suspects }) => suspects.size > 0,
  parameters: ({ suspects, collected }) => ({
    suspects: suspects.size,
    patterns: collected.patterns.length,
  }),
  run: ({ collected, suspects }) => find(collected.patterns, suspects, collected.services),
  summarize: (list) =>
    list.map((h) => `${h.service}: ${h.detail} ("${h.record?.message.slice(0, 160) ?? ''}")`).join('; ') ||
    'no lock holder',
  isEmpty: (list) => list.length === 0,
  keep(reading, holders) {
    reading.shifts = [...reading.shifts, ...(holders ?? [])].sort(byScore);
    return 'continue';
  },
};
