import { compareText } from '../correlate/record-order.ts';
import type { TemplateMiner } from '../patterns/miner.ts';
import { isErrorLike, type LineSignal, lineSignals, withExceptionSignals } from '../signals/classify-line.ts';
import type { FirstLine, PatternStat } from './model.ts';
import { addCounts, FAILING_LEVELS, type PatternTally } from './tallies.ts';

const SAMPLES_PER_PATTERN = 3;

/** What the renumbered merge knows of each canonical handle. */
export interface CanonicalGroups {
  miner: TemplateMiner;
  /** Canonical handle → its masked line. */
  groupKeys: string[];
  /** Canonical handle → its earliest line (what its signals are read from). */
  firstOfGroup: FirstLine[];
}

/**
 * The tallies (under canonical handles) as patterns: one per (service, level, template id), the
 * tallies of the masked lines a template joins added up, in a canonical order (earliest line
 * first), so nothing depends on the order lines arrived in. Counts are split into the windows later.
 */
export function patternStats(
  tallies: readonly PatternTally[],
  groups: CanonicalGroups,
): Map<string, PatternStat> {
  const signalsByHandle = new Map<number, LineSignal[]>();
  const signalsOf = (handle: number): LineSignal[] => {
    let signals = signalsByHandle.get(handle);
    if (!signals) {
      signals = lineSignals(groups.firstOfGroup[handle]?.message ?? '');
      signalsByHandle.set(handle, signals);
    }
    return signals;
  };
  const keyOf = (t: PatternTally) => groups.groupKeys[t.handle] ?? '';
  const ordered = [...tallies].sort(
    (a, b) =>
      a.first.at - b.first.at ||
      compareText(a.first.message, b.first.message) ||
      compareText(a.service, b.service) ||
      compareText(a.level, b.level) ||
      compareText(keyOf(a), keyOf(b)),
  );
  const merged = new Map<string, PatternStat>();
  for (const tally of ordered) {
    const signals = signalsOf(tally.handle);
    const templateId = groups.miner.idOf(tally.handle);
    const key = `${tally.service}\u0000${tally.level}\u0000${templateId}`;
    const errorLike = isErrorLike(tally.level, tally.first.message, signals);
    let into = merged.get(key);
    if (!into) {
      into = newPatternStat(key, tally, groups.miner, signals, errorLike);
      merged.set(key, into);
    } else {
      into.errorLike ||= errorLike;
      if (strongest(signals) > strongest(into.signals)) into.signals = signals;
    }
    addCounts(
      { minutes: into.minutes, samples: into.bucketSamples, logGroups: into.logGroups },
      tally.minutes,
      tally.samples,
      tally.logGroups,
    );
  }
  return merged;
}

/** A pattern with nothing counted yet, named by its first tally. */
function newPatternStat(
  key: string,
  tally: PatternTally,
  miner: TemplateMiner,
  signals: LineSignal[],
  errorLike: boolean,
): PatternStat {
  return {
    key,
    service: tally.service,
    level: tally.level,
    handle: tally.handle,
    template: miner.templateOf(tally.handle),
    templateId: miner.idOf(tally.handle),
    baselineCount: 0,
    incidentCount: 0,
    firstIncidentAt: Number.POSITIVE_INFINITY,
    samples: [],
    firstRecord: undefined,
    minutes: new Map(),
    bucketSamples: new Map(),
    signals,
    errorLike,
    logGroups: new Set(),
  };
}

/**
 * Splits a pattern's minutes at `boundary` (the minute the incident window opens) into its two
 * counts and takes its samples from the incident window; its maps in a canonical order. Its
 * earliest line becomes `firstRecord`; a routine pattern's line from before `sampleFrom` (the
 * default window) serves only there, whichever shards kept one.
 */
export function splitPattern(p: PatternStat, boundary: number, sampleFrom: number): void {
  p.minutes = new Map([...p.minutes.entries()].sort((a, b) => a[0] - b[0]));
  const sampled = [...p.bucketSamples.entries()].sort((a, b) => a[0] - b[0]);
  p.firstRecord = sampled[0]?.[1];
  p.bucketSamples = new Map(FAILING_LEVELS.has(p.level) ? sampled : sampled.filter(([m]) => m >= sampleFrom));
  p.logGroups = new Set([...p.logGroups].sort(compareText));
  for (const [m, n] of p.minutes) {
    if (m < boundary) p.baselineCount += n;
    else p.incidentCount += n;
  }
  p.samples = [...p.bucketSamples.entries()]
    .filter(([m]) => m >= boundary)
    .map(([, r]) => r)
    .slice(0, SAMPLES_PER_PATTERN);
  p.firstIncidentAt = p.samples[0]?.at ?? Number.POSITIVE_INFINITY;
  // The exception a folded stack trace ends in speaks for its head line ("Consumer exception").
  if (p.errorLike)
    p.signals = withExceptionSignals(
      p.signals,
      p.samples.map((r) => r.exception),
    );
}

function strongest(signals: LineSignal[]): number {
  return signals.reduce((m, s) => Math.max(m, s.strength), 0);
}
