import { compareRecords, compareText } from '../record-order.ts';
import type { ChangeEvent, ChangeKind } from './detect-change.ts';

/**
 * Restarts, scaling actions and the same version starting again can come by the thousand (a crash
 * loop, an autoscaler at work): of each service's (and each version's), only the earliest this
 * many and the latest this many are kept as evidence (how it began, and what came just before the
 * fault); the rest are counted. Configuration and policy changes are kept, all of them.
 */
export const ROUTINE_CHANGES_KEPT = 20;
const BOUNDED: ReadonlySet<ChangeKind> = new Set(['restart', 'scale', 'deploy']);

/**
 * The change events of a pass or a merge, bounded as above. Keeping the earliest and the latest
 * under a total order makes it exact across shards: the earliest of the union are among each
 * shard's earliest, its latest among each shard's latest.
 */
export class ChangeKeeper {
  private readonly kept: ChangeEvent[] = [];
  private readonly routine = new Map<string, ChangeEvent[]>();
  /** Repeated changes seen but not kept. */
  dropped = 0;

  add(change: ChangeEvent): void {
    if (!BOUNDED.has(change.kind)) {
      this.kept.push(change);
      return;
    }
    const key = `${change.kind}\u0000${change.service}\u0000${change.version ?? ''}`;
    let list = this.routine.get(key);
    if (!list) {
      list = [];
      this.routine.set(key, list);
    }
    let at = list.length;
    while (at > 0 && compareChanges(change, list[at - 1] as ChangeEvent) < 0) at--;
    list.splice(at, 0, change);
    if (list.length > 2 * ROUTINE_CHANGES_KEPT) {
      // The one just after the earliest kept: neither among the earliest nor among the latest.
      list.splice(ROUTINE_CHANGES_KEPT, 1);
      this.dropped++;
    }
  }

  /** Every kept change, in the total order. */
  list(): ChangeEvent[] {
    return [...this.kept, ...[...this.routine.values()].flat()].sort(compareChanges);
  }
}

/** A total order on change events: time, then their record, then their kind. */
export function compareChanges(a: ChangeEvent, b: ChangeEvent): number {
  return a.at - b.at || compareRecords(a.record, b.record) || compareText(a.kind, b.kind);
}
