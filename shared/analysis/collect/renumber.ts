import { compareText } from '../correlate/record-order.ts';
import { type MinerSnapshot, TemplateMiner } from '../patterns/miner.ts';

/** The merged miner with its groups in a canonical order, and where each absorbed handle went. */
export interface Renumbered {
  miner: TemplateMiner;
  /** Absorbed handle → canonical handle. */
  rank: Int32Array;
  /** Canonical handle → its masked line. */
  groupKeys: string[];
}

/**
 * Handles in a canonical order (by masked line, the overflow group last), whatever order the
 * shards were absorbed in: what makes a merge's handles and ids those of one pass.
 */
export function renumber(absorbed: MinerSnapshot): Renumbered {
  const order = absorbed.groups.map((_, i) => i);
  order.sort(
    (a, b) =>
      Number(a === absorbed.overflow) - Number(b === absorbed.overflow) ||
      compareText(absorbed.groups[a]?.key ?? '', absorbed.groups[b]?.key ?? ''),
  );
  const rank = new Int32Array(order.length);
  order.forEach((g, r) => {
    rank[g] = r;
  });
  const miner = TemplateMiner.fromSnapshot({
    groups: order.map((g) => absorbed.groups[g] as MinerSnapshot['groups'][number]),
    overflow: absorbed.overflow < 0 ? -1 : (rank[absorbed.overflow] as number),
  });
  return { miner, rank, groupKeys: order.map((g) => absorbed.groups[g]?.key ?? '') };
}
