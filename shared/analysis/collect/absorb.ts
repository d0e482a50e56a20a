import { ChangeKeeper } from '../correlate/changes/index.ts';
import { mergeHops, type RequestHops } from '../correlate/request-hops.ts';
import { TemplateMiner } from '../patterns/index.ts';
import type { Windows } from '../window.ts';
import { EmfKeeper } from './emf-keeper.ts';
import type { FirstLine, PartialCollection, ServiceStat } from './model.ts';
import { addCounts, earlierLine, PatternTallies, serviceStat } from './tallies.ts';

/** The partials of a window added up, before the patterns are renumbered and split. */
export interface Absorbed {
  miner: TemplateMiner;
  /** For each handle of `miner`, its earliest line. */
  groupFirst: FirstLine[];
  tallies: PatternTallies;
  services: Map<string, ServiceStat>;
  changes: ChangeKeeper;
  /** Change lines the shards dropped (the merge's own keeper counts what it drops). */
  changesDropped: number;
  duplicates: number;
  logGroups: Set<string>;
  linesScanned: number;
  linesUnparsed: number;
  outsideWindow: number;
  firstAt: number;
  lastAt: number;
  requestHops: RequestHops;
  emf: EmfKeeper;
}

/** Adds up the shards of one window; every shard must have been collected under `defaults`. */
export function absorbPartials(parts: readonly PartialCollection[], defaults: Windows): Absorbed {
  const sum: Absorbed = {
    miner: new TemplateMiner(),
    groupFirst: [],
    tallies: new PatternTallies(),
    services: new Map(),
    changes: new ChangeKeeper(),
    changesDropped: 0,
    duplicates: 0,
    logGroups: new Set(),
    linesScanned: 0,
    linesUnparsed: 0,
    outsideWindow: 0,
    firstAt: Number.POSITIVE_INFINITY,
    lastAt: Number.NEGATIVE_INFINITY,
    requestHops: new Map(),
    emf: new EmfKeeper(),
  };
  for (const part of parts) {
    if (!sameWindows(part.windows, defaults)) {
      throw new Error('a shard was collected with other windows than the merge');
    }
    absorbPatterns(sum, part);
    absorbRest(sum, part);
  }
  return sum;
}

/** The shard's masked lines into the merge's miner, and its patterns under the merge's handles. */
function absorbPatterns(sum: Absorbed, part: PartialCollection): void {
  const handles = sum.miner.absorb(part.miner);
  part.groupFirst.forEach((line, i) => {
    const h = handles[i] as number;
    const kept = sum.groupFirst[h];
    if (!kept || earlierLine(line, kept)) sum.groupFirst[h] = line;
  });
  for (const p of part.patterns) {
    const tally = sum.tallies.of(p.service, p.level, handles[p.group] as number, p.first);
    addCounts(tally, p.minutes, p.samples, p.logGroups);
  }
}

/** Everything of a shard but its patterns: counts, unions and minimums. */
function absorbRest(sum: Absorbed, part: PartialCollection): void {
  for (const s of part.services) {
    for (const g of s.logGroups) serviceStat(sum.services, s.service, g, s.firstAt);
    const stat = sum.services.get(s.service);
    for (const instance of s.instances ?? []) stat?.instances.add(instance);
  }
  for (const c of part.changes) sum.changes.add(c);
  sum.changesDropped += part.changesDropped ?? 0;
  sum.duplicates += part.duplicates ?? 0;
  for (const g of part.logGroups) sum.logGroups.add(g);
  sum.linesScanned += part.linesScanned;
  sum.linesUnparsed += part.linesUnparsed;
  sum.outsideWindow += part.outsideWindow;
  mergeHops(sum.requestHops, part.requestHops ?? []);
  sum.emf.addPoints(part.emf ?? []);
  sum.emf.dropped += part.emfDropped ?? 0;
  if (part.firstAt !== null) sum.firstAt = Math.min(sum.firstAt, part.firstAt);
  if (part.lastAt !== null) sum.lastAt = Math.max(sum.lastAt, part.lastAt);
}

function sameWindows(a: Windows, b: Windows): boolean {
  return (
    a.alarmAt === b.alarmAt &&
    a.baselineStart === b.baselineStart &&
    a.baselineEnd === b.baselineEnd &&
    a.incidentEnd === b.incidentEnd
  );
}
