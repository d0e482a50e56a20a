import { type BehaviourShift, shiftOf } from './behaviour.ts';
import type { TriggerFinding } from './changes/index.ts';

/** Shifts that name when the origin's fault began: a load holder's first slow statement, a neighbour's task start. */
export const STARTING: readonly BehaviourShift['kind'][] = ['load-holder', 'neighbour'];

/**
 * That shift's line (a lock-taking statement, a first slow statement, a task's start) as what set
 * the others' failures off, when no change or line of the origin's own says so.
 */
export function shiftStart(
  service: string,
  shifts: readonly BehaviourShift[],
  kinds: readonly BehaviourShift['kind'][] = STARTING,
): TriggerFinding | null {
  const shift = shiftOf(service, shifts, kinds);
  const record = shift?.record;
  if (!shift || !record) return null;
  return {
    change: { kind: 'activity', at: record.at, service, description: record.message, record },
    leadSeconds: Math.max(0, ((shift.onset ?? record.at) - record.at) / 1000),
    confidence: shift.score,
  };
}
