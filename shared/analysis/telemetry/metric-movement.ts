import { formatValue } from './format.ts';
import { type MetricKind, metricKind } from './metric-kinds.ts';
import { type MetricSeries, seriesLabel } from './metric-series.ts';
import { changePoint, median, robustScale, robustShift } from './robust-stats.ts';
import { LIMIT_REACHED, type MovedSeries, type TelemetryEvidence, type TelemetryFaultHint } from './types.ts';

/** What a series did, on top of what it is (its identity and points). */
type MovedShape = Pick<
  MovedSeries,
  'baselineMedian' | 'incidentMedian' | 'direction' | 'limit' | 'onset' | 'robustZ'
>;

/** A series as it moved: its identity, label and points, with the shape of its move. */
export function movedSeries(s: MetricSeries, moved: MovedShape): MovedSeries {
  return {
    seriesKey: s.key,
    namespace: s.namespace,
    metricName: s.metricName,
    stat: s.stat,
    ...(s.unit === undefined ? {} : { unit: s.unit }),
    label: seriesLabel(s),
    points: s.points,
    ...moved,
  };
}

/** A series that left its baseline, with what it says. */
export interface Movement {
  series: MovedSeries;
  kind: MetricKind;
  evidence: TelemetryEvidence;
  hint: { faultClass: TelemetryFaultHint; strength: number } | null;
}

export interface MovementScan {
  moved: Movement[];
  /** Series with one point only. */
  singlePoint: number;
  /** Series without enough points on one side of the split. */
  tooFew: number;
}

/** A shift smaller than this many robust standard deviations is noise. */
export const MOVE_Z = 3;
/** ... and smaller than this share of the baseline level. */
export const MOVE_RELATIVE = 0.2;
/** Utilization this close to its limit (share) is saturation. */
const SATURATION_SHARE = 0.9;
/** How a resource reached its limit, and when, if that was before the incident's points. */
interface Saturation {
  text: string;
  at?: number;
}

/** A limit reached at most this long before the split, and held since, is reached just before the incident. */
const SATURATION_LEAD_MS = 10 * 60_000;
/** Points below the limit a series needs before it reached it, to have reached it then. */
const MIN_EARLY_POINTS = 3;
/** Free space or memory down to this share of its baseline is exhaustion. */
const EXHAUSTION_SHARE = 0.1;

const ROLE_STRENGTH = { resource: 0.55, symptom: 0.2, load: 0.1 } as const;
/** A utilization with a limit must move by this share of the limit to matter (2% -> 5% CPU does not). */
const LIMIT_SHARE_MOVE = 0.1;

/**
 * Compares every series' incident points with its own baseline before `split` (median and MAD)
 * and against its limit where it has one. Movement in the metric's bad direction is kept.
 */
export function scanMovements(
  all: readonly MetricSeries[],
  from: number,
  split: number,
  to: number,
): MovementScan {
  const out: MovementScan = { moved: [], singlePoint: 0, tooFew: 0 };
  for (const s of all) {
    const { at, values } = s;
    const n = at.length;
    if (n === 1) {
      out.singlePoint++;
      continue;
    }
    // The times are in order: each window is one run of them.
    let baseFrom = 0;
    while (baseFrom < n && (at[baseFrom] as number) < from) baseFrom++;
    let baseTo = baseFrom;
    while (baseTo < n && (at[baseTo] as number) < split) baseTo++;
    let incFrom = 0;
    while (incFrom < n && (at[incFrom] as number) < split) incFrom++;
    let incTo = incFrom;
    while (incTo < n && (at[incTo] as number) <= to) incTo++;
    if (baseTo - baseFrom < 2 || incTo - incFrom < 1) {
      out.tooFew++;
      continue;
    }
    const m = movementOf(
      s,
      { at: at.slice(baseFrom, baseTo), values: values.slice(baseFrom, baseTo) },
      at.slice(incFrom, incTo),
      values.slice(incFrom, incTo),
    );
    if (m) out.moved.push(m);
  }
  return out;
}

function movementOf(
  s: MetricSeries,
  baseline: { at: readonly number[]; values: number[] },
  incAt: readonly number[],
  incValues: number[],
): Movement | null {
  const base = baseline.values;
  const kind = metricKind(s.metricName, s.unit, s.stat);
  const shift = robustShift(base, incValues);
  if (!shift) return null;
  const { baselineMedian: b, incidentMedian: i, scale } = shift;
  const level = Math.max(Math.abs(b), scale);
  const up = i >= b;
  const relative = Math.abs(i - b) / level;
  const wrongWay = (kind.bad === 'up' && !up) || (kind.bad === 'down' && up);
  const bigEnough = (delta: number) =>
    kind.limit === null || kind.limit === 0 || Math.abs(delta) >= LIMIT_SHARE_MOVE * kind.limit;
  const sustained = !wrongWay && Math.abs(shift.z) >= MOVE_Z && relative >= MOVE_RELATIVE && bigEnough(i - b);
  // A late onset: the last points far outside the baseline even if the median has not moved yet.
  const tail = incValues.slice(-2);
  const tailValue = kind.bad === 'down' ? Math.min(...tail) : Math.max(...tail);
  const tailZ = (tailValue - b) / scale;
  const tailUp = tailValue >= b;
  const late =
    !sustained &&
    kind.role !== 'load' &&
    Math.abs(tailZ) >= 2 * MOVE_Z &&
    Math.abs(tailValue - b) / level >= 1 &&
    bigEnough(tailValue - b) &&
    !((kind.bad === 'up' && !tailUp) || (kind.bad === 'down' && tailUp));
  // Where the limit was reached before the split and held, the onset is when it was reached.
  const reached = risenFrom(
    saturatedBefore(kind, baseline, incValues) ?? saturationOf(kind, b, incValues, Math.max(...base)),
    baseline,
    { at: incAt, values: incValues },
  );
  const killed = reached !== null && killedAtLimit(kind, b, incValues);
  const saturation =
    reached && killed
      ? {
          ...reached,
          text: `${reached.text}, then fell far below its baseline (what held it was killed or restarted)`,
        }
      : reached;
  if (!sustained && !late && !saturation) return null;
  const direction: 'up' | 'down' = sustained
    ? up
      ? 'up'
      : 'down'
    : late
      ? tailUp
        ? 'up'
        : 'down'
      : kind.bad === 'down'
        ? 'down'
        : 'up';
  const z = sustained ? shift.z : tailZ;
  const onset = saturation?.at ?? onsetOf(incAt, incValues, b, scale, direction);
  const unit = s.unit;
  const peak = direction === 'up' ? Math.max(...incValues) : Math.min(...incValues);
  const limitText = kind.limit !== null ? ` (limit ${formatValue(kind.limit, unit)})` : '';
  const detail = saturation
    ? `${s.metricName} ${s.stat} ${saturation.text}: median ${formatValue(b, unit)} in the baseline, ${direction === 'up' ? 'peak' : 'low'} ${formatValue(peak, unit)}${limitText}`
    : `${s.metricName} ${s.stat} median ${formatValue(b, unit)} -> ${formatValue(sustained ? i : tailValue, unit)}${limitText}${late ? ' (last points)' : ''}`;
  const strength = Math.min(
    1,
    saturation
      ? LIMIT_REACHED
      : ROLE_STRENGTH[kind.role] *
          (late ? 0.7 : 1) *
          Math.min(1.3, 0.7 + Math.abs(z) / 20) *
          headroomFactor(kind, sustained ? i : tailValue),
  );
  const series = movedSeries(s, {
    baselineMedian: b,
    incidentMedian: i,
    direction,
    limit: kind.limit,
    onset,
    robustZ: Math.round(z * 100) / 100,
  });
  return {
    series,
    kind,
    evidence: {
      kind: 'metric',
      tool: saturation ? 'metric-saturation' : 'metric-baseline',
      detail,
      strength: Math.round(strength * 1000) / 1000,
      at: onset,
      seriesKey: s.key,
    },
    hint: kind.hint
      ? {
          faultClass: kind.hint,
          strength: Math.min(1, hintStrength(kind, saturation !== null) + (killed ? KILLED_AT_LIMIT : 0)),
        }
      : null,
  };
}

function saturationOf(
  kind: MetricKind,
  baselineMedian: number,
  inc: readonly number[],
  baselineMax: number,
): Saturation | null {
  if (kind.role !== 'resource') return null;
  if (kind.limit === null) {
    return kind.bad === 'up' && levelledOffAtCeiling(baselineMedian, inc)
      ? { text: 'rose and levelled off at a ceiling' }
      : null;
  }
  if (kind.bad === 'up' && kind.limit > 0) {
    const peak = Math.max(...inc);
    if (peak >= SATURATION_SHARE * kind.limit && baselineMedian < SATURATION_SHARE * kind.limit) {
      return { text: 'reached its limit' };
    }
    // Already near it before, and now at the limit itself, which the baseline never touched.
    if (peak >= kind.limit && baselineMax < kind.limit) return { text: 'reached its limit' };
  }
  if (kind.bad === 'down' && kind.limit === 0 && baselineMedian > 0) {
    const low = Math.min(...inc);
    if (low <= EXHAUSTION_SHARE * baselineMedian) return { text: 'fell towards zero' };
  }
  return null;
}

/**
 * A utilization that reached its limit before the split (the alarm's own metric moves after its
 * cause, and may move late) and stayed there, having stayed below it before: saturation, with its
 * onset where the limit was reached. The stretch at the limit runs from there to the last point.
 */
function saturatedBefore(
  kind: MetricKind,
  base: { at: readonly number[]; values: readonly number[] },
  inc: readonly number[],
): Saturation | null {
  const limit = kind.limit;
  if (kind.role !== 'resource' || kind.bad !== 'up' || limit === null || limit <= 0) return null;
  const all = [...base.values, ...inc];
  let start = all.length;
  while (start > 0 && (all[start - 1] as number) >= SATURATION_SHARE * limit) start--;
  const reached = all.findIndex((v, i) => i >= start && v >= limit);
  if (reached < 0 || reached >= base.values.length) return null;
  const early = base.values.slice(0, start);
  if (early.length < MIN_EARLY_POINTS || Math.max(...early) >= limit) return null;
  const lead = (base.at[base.at.length - 1] ?? 0) - (base.at[reached] ?? 0);
  return {
    text:
      lead <= SATURATION_LEAD_MS
        ? 'reached its limit just before the incident'
        : 'reached its limit before the incident and stayed there',
    at: base.at[reached] as number,
  };
}

/**
 * A utilization that reached its limit after climbing from one step (a limit lowered, a load that
 * began, then growing use) began its fault where the climb began, not where the limit was reached:
 * the change point of the series up to its peak, when every later point stays above the spread of
 * the points before it (the climb never went back).
 */
function risenFrom(
  saturation: Saturation | null,
  baseline: { at: readonly number[]; values: readonly number[] },
  incident: { at: readonly number[]; values: readonly number[] },
): Saturation | null {
  if (!saturation) return saturation;
  // The baseline's points then the incident's: the whole series up to the end of the data.
  const values = [...baseline.values, ...incident.values];
  let peak = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[peak] as number)) peak = i;
  const cp = changePoint(values.slice(0, peak + 1));
  if (!cp || cp.after <= cp.before || cp.z < MOVE_Z) return saturation;
  const before = values.slice(0, cp.index);
  const ceiling = median(before) + MOVE_Z * robustScale(before, median(before), 0.02);
  if (values.slice(cp.index, peak + 1).some((v) => v <= ceiling)) return saturation;
  const at =
    cp.index < baseline.at.length ? baseline.at[cp.index] : incident.at[cp.index - baseline.at.length];
  return at === undefined || at >= (saturation.at ?? Number.POSITIVE_INFINITY)
    ? saturation
    : { text: `${saturation.text}, climbing from ${new Date(at).toISOString().slice(11, 16)} UTC`, at };
}

/** How much more a memory limit names the class when the process was killed at it than a CPU limit reached beside it. */
const KILLED_AT_LIMIT = 0.05;

/**
 * A memory utilization that fell from its limit straight to far below its baseline: the kernel's
 * OOM killer (or the runtime) ended the process that held it and a new one started empty. What
 * was killed for is memory, whatever else (CPU spent collecting garbage) reached its limit beside it.
 */
function killedAtLimit(kind: MetricKind, baselineMedian: number, values: readonly number[]): boolean {
  if (kind.hint !== 'memory_exhaustion' || kind.bad !== 'up' || !kind.limit || !(baselineMedian > 0))
    return false;
  const limit = kind.limit;
  return values.some(
    (v, i) =>
      v >= SATURATION_SHARE * limit && (values[i + 1] ?? Number.POSITIVE_INFINITY) < baselineMedian / 2,
  );
}

/** The first incident point beyond three robust standard deviations in the direction of the move. */
function onsetOf(
  at: readonly number[],
  values: readonly number[],
  base: number,
  scale: number,
  direction: 'up' | 'down',
): number | null {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (direction === 'up' ? v > base + MOVE_Z * scale : v < base - MOVE_Z * scale) return at[i] as number;
  }
  return at[0] ?? null;
}

/** A resource at its limit names the class; one that only rose towards it, less so. */
function hintStrength(kind: MetricKind, saturated: boolean): number {
  if (saturated) return LIMIT_REACHED;
  if (kind.role !== 'resource') return 0.25;
  return kind.limit !== null && kind.limit > 0 ? 0.3 : 0.5;
}

/**
 * The same metric moving the same way in several services is a change of load or of something
 * they share, not one service's fault: each such movement (short of saturation) counts for less.
 */
export function discountCommonMode(byService: ReadonlyMap<string, Movement[]>): void {
  const groups = new Map<string, Movement[]>();
  for (const list of byService.values()) {
    for (const m of list) {
      if (m.evidence.tool === 'metric-saturation') continue;
      const key = `${m.series.namespace}|${m.series.metricName}|${m.series.stat}|${m.series.direction}`;
      const g = groups.get(key);
      if (g) g.push(m);
      else groups.set(key, [m]);
    }
  }
  for (const g of groups.values()) {
    if (g.length < COMMON_MODE_MIN) continue;
    for (const m of g) {
      m.evidence.strength = Math.round((m.evidence.strength / Math.sqrt(g.length)) * 1000) / 1000;
      m.evidence.detail += ` (moved alike in ${g.length} services)`;
      if (m.hint) m.hint.strength = Math.round((m.hint.strength / Math.sqrt(g.length)) * 1000) / 1000;
    }
  }
}

/** From this many services moving alike, a movement is common-mode. */
export const COMMON_MODE_MIN = 3;

/**
 * A utilization that moved but stays well below its limit is busy, not exhausted: it counts for
 * less the more headroom it keeps (62% of a CPU counts about a third as much as one near 100%).
 */
function headroomFactor(kind: MetricKind, level: number): number {
  if (kind.limit === null || kind.limit <= 0 || kind.bad !== 'up') return 1;
  return Math.max(0.15, Math.min(1, (level / kind.limit) ** 2));
}

/** The last this many points sit at the ceiling. */
const CEILING_POINTS = 3;
/** ... within this share of their maximum ... */
const CEILING_FLATNESS = 0.02;
/** ... after rising by at least this share of the baseline. */
const CEILING_RISE = 0.3;

/**
 * A count without a known limit (connections, backlog) that rose and then stopped rising at its
 * highest value: the mark of a pool or limit reached (max_connections), unlike a load that swings.
 */
export function levelledOffAtCeiling(baselineMedian: number, values: readonly number[]): boolean {
  if (values.length < CEILING_POINTS + 1 || !(baselineMedian > 0)) return false;
  const tail = values.slice(-CEILING_POINTS);
  const top = Math.max(...values);
  const tailMax = Math.max(...tail);
  const tailMin = Math.min(...tail);
  return (
    tailMax === top &&
    (tailMax - tailMin) / tailMax <= CEILING_FLATNESS &&
    tailMin >= baselineMedian * (1 + CEILING_RISE)
  );
}
