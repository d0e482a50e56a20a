import { type BehaviourShift, byScore } from '../behaviour.ts';
import { ownResourceNames } from '../own-lines.ts';
import { findReleasedCallees as find } from '../released-callee.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The services released just before the callers that name them began to fail. */
export const findReleasedCallees: CorrelationTool<BehaviourShift[]> = {
  name: 'find_released_callees',
  description:
    "When a service that changed nothing of its own fails in lines naming another service, or a resource (a topic, a queue) that service's own lines say it writes to, finds a release of that service in the minutes before: the new version its callers report.",
  applies: ({ suspects, changes }) => suspects.size > 0 && changes.length > 0,
  parameters: ({ suspects, changes }) => ({ suspects: suspects.size, changes: changes.length }),
  run: ({ changes, suspects, collected }) => {
    let names: Map<string, Set<string>> | undefined;
    const resourcesOf = (service: string): ReadonlySet<string> => {
      names ??= ownResourceNames(collected);
      return names.get(service) ?? new Set();
    };
    return find(changes, suspects, resourcesOf);
  },
  summarize: (list) => list.map((h) => `${h.service}: ${h.detail}`).join('; ') || 'no released callee',
  isEmpty: (list) => list.length === 0,
  keep(reading, released) {
    reading.shifts = [...reading.shifts, ...(released ?? [])].sort(byScore);
    return 'continue';
  },
};
