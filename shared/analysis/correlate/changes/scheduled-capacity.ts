import { isRecord } from '../../parse/text.ts';
import { type ChangeEvent, cloudTrailEvent, cloudTrailParams } from './detect-change.ts';

/**
 * Scheduled capacity calls (Application Auto Scaling PutScheduledAction, EC2 Auto Scaling
 * PutScheduledUpdateGroupAction, CloudTrail event names): they set a service's capacity bounds for
 * a later time, which the autoscaler then applies.
 */
const SCHEDULED = /^(?:PutScheduledAction|PutScheduledUpdateGroupAction)$/;
/** The autoscaler acting as itself (its service-linked role, or CloudTrail's `invokedBy`). */
const BY_AUTOSCALER = /autoscal/i;

interface Bounds {
  min?: number;
  max?: number;
}

/**
 * A scaling action the autoscaler carried out is a capacity schedule put on that service earlier
 * taking effect: the schedule is the change (someone decided it), the scaling the moment it
 * reached the service (`seenAs`, its first). Of the schedules put on the service before the scaling, the
 * latest whose bounds admit the new count is taken (a scale to 0 is the schedule with a maximum of
 * 0, not the morning one with 4 to 12); the scaling is folded into it. Other changes are returned
 * as they are.
 */
export function withScheduledCapacity(changes: readonly ChangeEvent[]): ChangeEvent[] {
  const schedules = changes.filter(
    (c) => c.kind === 'config' && SCHEDULED.test(cloudTrailEvent(c.record) ?? ''),
  );
  if (schedules.length === 0) return [...changes];
  const folded = new Set<ChangeEvent>();
  const seen = new Map<ChangeEvent, ChangeEvent>();
  for (const scale of changes) {
    if (scale.kind !== 'scale' || !BY_AUTOSCALER.test(scale.description)) continue;
    const count = newCount(scale);
    const schedule = schedules
      .filter((s) => s.service === scale.service && s.at < scale.at && admits(boundsOf(s), count))
      .reduce<ChangeEvent | undefined>((a, b) => (a === undefined || b.at > a.at ? b : a), undefined);
    if (!schedule) continue;
    const earlier = seen.get(schedule);
    if (!earlier || scale.at < earlier.at) seen.set(schedule, scale);
    folded.add(scale);
  }
  return changes
    .filter((c) => !folded.has(c))
    .map((c) => {
      const scale = seen.get(c);
      return scale ? { ...c, seenAs: scale.record } : c;
    });
}

function numberField(obj: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** The capacity the scaling set: ECS UpdateService's desiredCount, EC2 Auto Scaling's desired capacity. */
function newCount(scale: ChangeEvent): number | undefined {
  return numberField(cloudTrailParams(scale.record), 'desiredCount', 'desiredCapacity', 'DesiredCapacity');
}

/** A schedule's bounds: Application Auto Scaling's scalableTargetAction, EC2 Auto Scaling's min/max size. */
function boundsOf(schedule: ChangeEvent): Bounds {
  const p = cloudTrailParams(schedule.record);
  const action = isRecord(p.scalableTargetAction) ? p.scalableTargetAction : p;
  return {
    min: numberField(action, 'minCapacity', 'minSize', 'MinSize'),
    max: numberField(action, 'maxCapacity', 'maxSize', 'MaxSize'),
  };
}

function admits(bounds: Bounds, count: number | undefined): boolean {
  if (count === undefined) return true;
  return (
    (bounds.min === undefined || count >= bounds.min) && (bounds.max === undefined || count <= bounds.max)
  );
}
