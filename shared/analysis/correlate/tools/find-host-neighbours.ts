import { type BehaviourShift, byScore } from '../behaviour.ts';
import { findEvictionHogs } from '../eviction-hog.ts';
import { findHostNeighbours as find } from '../host-neighbour.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The services that started a task or pod beside one that then ran short of CPU or memory. */
export const findHostNeighbours: CorrelationTool<BehaviourShift[]> = {
  name: 'find_host_neighbours',
  description:
    "When a service runs short of CPU or memory, finds a task or pod of another service that began running on the same container instance or node shortly before (an ECS task reserving no CPU; a pod the scheduler placed on the node its starved lines were shipped from), with no failure of its own: the neighbour the starved service reports; and the workload the kubelet found using by far the most of a node's memory or disk when it evicted pods for lack of it.",
  applies: ({ suspects }) => suspects.size > 0,
  parameters: ({ suspects, collected }) => ({
    suspects: suspects.size,
    patterns: collected.patterns.length,
  }),
  run: ({ collected, suspects }) => {
    const hogs = findEvictionHogs(collected.patterns);
    const taken = new Set(hogs.map((h) => h.service));
    return [
      ...hogs,
      ...find(collected.patterns, suspects, collected.changes).filter((n) => !taken.has(n.service)),
    ];
  },
  summarize: (list) => list.map((h) => `${h.service}: ${h.detail}`).join('; ') || 'no neighbour',
  isEmpty: (list) => list.length === 0,
  keep(reading, neighbours) {
    reading.shifts = [...reading.shifts, ...(neighbours ?? [])].sort(byScore);
    return 'continue';
  },
};
