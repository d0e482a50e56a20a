import { type PartialCollection, shardCollector } from '../../analysis/collect/index.ts';
import type { Windows } from '../../analysis/window.ts';
import { eventsOfLines, type LineTally } from './incident-folder.ts';
import { ownerOf } from './stream-owner.ts';

/** Lines of one shard rejected for one reason, and the first of them (its 0-based line number). */
export interface RejectedLines {
  reason: string;
  count: number;
  firstLine: number;
}

/** One shard of an incident folder's logs.jsonl, collected: what `collectFolderShard` returns. */
export interface FolderShard {
  shard: number;
  partial: PartialCollection;
  /** Lines in the whole file (every shard reads it all). */
  lines: number;
  /** The shard's own lines that are no usable event, by reason. */
  rejected: RejectedLines[];
  /** The shard's events whose message was not text (kept as its JSON text). */
  coerced: number;
}

/**
 * Reads a logs.jsonl file and collects the events of the log streams that hash to `shard` of
 * `shards` (`ownerOf`), exactly as IncidentFolderSource reads them: each line is used or rejected
 * by one shard only (lines that are not JSON by shard 0), so the shards together count every
 * line once.
 */
export function collectFolderShard(
  path: string,
  windows: Windows,
  shard: number,
  shards: number,
): FolderShard {
  const rejected = new Map<string, RejectedLines>();
  const tally: LineTally = {
    lines: 0,
    coerced: 0,
    reject: (reason) => {
      const known = rejected.get(reason);
      if (known) known.count++;
      else rejected.set(reason, { reason, count: 1, firstLine: tally.lines - 1 });
    },
  };
  // Lines that are not JSON name no stream: shard 0 owns them.
  const owns = (value: unknown) => (value === undefined ? shard === 0 : ownerOf(value, shards) === shard);
  const collector = shardCollector(windows);
  collector.push(eventsOfLines(path, tally, owns));
  return {
    shard,
    partial: collector.finish(),
    lines: tally.lines,
    rejected: [...rejected.values()],
    coerced: tally.coerced,
  };
}
