import { compareText } from '../correlate/record-order.ts';
import type { Windows } from '../window.ts';
import { absorbPartials } from './absorb.ts';
import { minuteOf } from './minutes.ts';
import type { Collected, FirstLine, PartialCollection, ServiceStat } from './model.ts';
import { patternStats, splitPattern } from './pattern-stats.ts';
import { renumber } from './renumber.ts';
import { chooseSplit, minuteSeries } from './split.ts';

/**
 * Merges the shards of one window into what one pass over all their events yields: the same
 * patterns, counts, samples, templates and ids, whatever the number and order of the shards
 * (exact while no shard, nor the whole, exceeds the miner's cap on distinct lines, and while each
 * log stream lies in one shard). The baseline/incident split is chosen here, over the whole
 * window: the default one, or, when the data holds no baseline before the incident window but
 * several minutes before the alarm, a later one (see chooseSplit).
 */
export function mergePartials(parts: readonly PartialCollection[], defaults: Windows): Collected {
  const sum = absorbPartials(parts, defaults);
  const { miner, rank, groupKeys } = renumber(sum.miner.snapshot());
  const firstOfGroup: FirstLine[] = [];
  sum.groupFirst.forEach((line, h) => {
    firstOfGroup[rank[h] as number] = line;
  });
  for (const tally of sum.tallies.all) tally.handle = rank[tally.handle] as number;
  const patterns = patternStats(sum.tallies.all, { miner, groupKeys, firstOfGroup });

  const { windows, note } = chooseSplit(defaults, sum.firstAt, sum.lastAt, minuteSeries(patterns.values()));
  const boundary = minuteOf(windows.baselineEnd, defaults);
  const sampleFrom = minuteOf(defaults.baselineEnd, defaults);
  let baselineLines = 0;
  let incidentLines = 0;
  for (const p of patterns.values()) {
    splitPattern(p, boundary, sampleFrom);
    baselineLines += p.baselineCount;
    incidentLines += p.incidentCount;
  }
  return {
    windows,
    windowNote: note,
    patterns: [...patterns.values()],
    services: orderedServices(sum.services.values()),
    changes: sum.changes.list(),
    changesDropped: sum.changesDropped + sum.changes.dropped,
    duplicates: sum.duplicates,
    linesScanned: sum.linesScanned,
    linesUnparsed: sum.linesUnparsed,
    outsideWindow: sum.outsideWindow,
    baselineLines,
    incidentLines,
    logGroups: new Set([...sum.logGroups].sort(compareText)),
    firstAt: sum.firstAt,
    lastAt: sum.lastAt,
    requestHops: sum.requestHops,
    emf: sum.emf.points,
    emfDropped: sum.emf.dropped,
  };
}

/** The services by their first line (then name), each with its log groups sorted. */
function orderedServices(services: Iterable<ServiceStat>): Map<string, ServiceStat> {
  return new Map(
    [...services]
      .sort((a, b) => a.firstAt - b.firstAt || compareText(a.service, b.service))
      .map((s): [string, ServiceStat] => [
        s.service,
        {
          ...s,
          logGroups: new Set([...s.logGroups].sort(compareText)),
          instances: new Set([...s.instances].sort(compareText)),
        },
      ]),
  );
}
