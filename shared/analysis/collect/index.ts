/**
 * The collection of a window's logs: one streaming pass per shard of events (whole log streams),
 * merged into what the correlation reads. Two entries: `collectEvents` for events, `mergePartials`
 * for the partial collections of shards collected apart (a Map over buckets, worker threads).
 */
import type { LogEvent } from '../../domain/log-event.ts';
import type { Windows } from '../window.ts';
import { mergePartials } from './merge.ts';
import type { Collected, PartialCollection } from './model.ts';
import { collectShard } from './shard-pass.ts';

export { DuplicateFilter, duplicatesNote } from './duplicate-filter.ts';
export { mergePartials } from './merge.ts';
export type {
  Collected,
  FirstLine,
  PartialCollection,
  PartialPattern,
  PatternStat,
  ServiceStat,
} from './model.ts';
export { quotableText } from './quotable-text.ts';
export { collectShard, type ShardCollector, shardCollector } from './shard-pass.ts';

/** The window's events collected in one pass: the merge of a single shard, one implementation. */
export function collectEvents(events: Iterable<LogEvent>, defaults: Windows): Collected {
  return mergePartials([collectShard(events, defaults)], defaults);
}

/** A window's logs as the analysis takes them: its events, or the partial collections of its shards. */
export type WindowLogs = { events: Iterable<LogEvent> } | { partials: readonly PartialCollection[] };

/** The collection of a window's logs under the default windows, by the entry its form calls for. */
export function collectWindow(logs: WindowLogs, defaults: Windows): Collected {
  return 'partials' in logs ? mergePartials(logs.partials, defaults) : collectEvents(logs.events, defaults);
}
