import { isPostgresFollower } from '../parse/styles/postgres.ts';
import { levelWeight } from '../signals/classify-line.ts';
import type { TelemetryFindings } from '../telemetry/types.ts';
import type { Anomaly } from './anomalies.ts';
import { type BehaviourShift, shiftOf } from './behaviour.ts';
import type { Classification } from './classify.ts';
import type { Suspect } from './suspects.ts';

/**
 * Whether the first-ranked suspect is an origin on its own evidence although no phrase names the
 * mechanism: its own new failures are of error severity, come first (or the others name it), and
 * it stands clear of the next suspect. Evidence that points nowhere stays inconclusive.
 */
export function clearOrigin(
  root: Suspect,
  margin: number,
  suspects: Map<string, Suspect>,
): { clear: boolean; why: string } {
  const severe = root.anomalies.filter((a) => levelWeight(a.pattern.level) >= levelWeight('ERROR'));
  if (severe.length === 0)
    return { clear: false, why: `${root.service}'s new lines are below error severity` };
  const earliest = Math.min(...[...suspects.values()].map((s) => s.firstAt));
  const first = root.firstAt - earliest <= PRECEDENCE_TOLERANCE_MS || root.blamedBy.size > 0;
  if (!first)
    return { clear: false, why: `${root.service} is not the first to fail and no other service names it` };
  if (suspects.size > 1 && margin < CLEAR_MARGIN)
    return {
      clear: false,
      why: `${root.service} leads the next suspect by a margin of only ${margin.toFixed(2)}`,
    };
  const lines = severe.reduce((n, a) => n + a.pattern.incidentCount, 0);
  return {
    clear: true,
    why: `${root.service} logs ${lines} new error line(s) of its own first (margin ${margin.toFixed(2)} over the next suspect)`,
  };
}

// A shift in the rate of routine lines only ranks candidates: it names no origin by itself.
export const NAMING_SHIFTS: readonly BehaviourShift['kind'][] = [
  'quiet',
  'numeric-rise',
  'lock-holder',
  'load-holder',
  'neighbour',
  'release',
];

/** A behaviour shift names an origin of its own when it leads the ranking clearly. */
export function shiftOrigin(
  service: string,
  shifts: readonly BehaviourShift[],
  margin: number,
  kinds: readonly BehaviourShift['kind'][] = NAMING_SHIFTS,
): { clear: boolean; why: string } | null {
  const shift = shiftOf(service, shifts, kinds);
  if (!shift) return null;
  return { clear: margin > 0.05, why: shift.detail };
}

/**
 * An origin that logs nothing new itself, named in the failing lines of the services that report
 * its fault (a callee whose answers its caller rejects), leading the ranking clearly.
 */
export function reportedOrigin(
  service: string,
  reportedBy: readonly string[] | undefined,
  margin: number,
): { clear: boolean; why: string } | null {
  if (!reportedBy || reportedBy.length === 0) return null;
  return {
    clear: margin > 0.05,
    why: `the failing lines of ${reportedBy.join(', ')} blame ${service}, which logs nothing new of its own`,
  };
}

/** A suspect this much later than the earliest still counts as first (clocks of services differ). */
const PRECEDENCE_TOLERANCE_MS = 5_000;
/** The score gap (share of the leader's score) by which a clear origin leads the next suspect. */
const CLEAR_MARGIN = 0.15;

export function otherClassification(
  root: Suspect,
  scores: Classification['scores'],
  why: string,
): Classification {
  return {
    faultClass: 'other',
    share: 1,
    strength: 0,
    evidence: [...root.anomalies].sort(
      (a, b) =>
        levelWeight(b.pattern.level) - levelWeight(a.pattern.level) ||
        a.pattern.firstIncidentAt - b.pattern.firstIncidentAt ||
        follows(a) - follows(b),
    ),
    basis: `a clear origin whose failure lines name no known mechanism: ${why}`,
    scores,
  };
}

export function rootConfidence(
  margin: number,
  c: Classification,
  root: Suspect,
  telemetry: TelemetryFindings | null,
): number {
  const signal = c.strength > 0 ? c.strength : 0.5;
  const novelty =
    root.anomalies.length > 0 ? root.anomalies.filter((a) => a.isNew).length / root.anomalies.length : 0.5;
  const telemetryScore = telemetry?.services.find((s) => s.service === root.service)?.score ?? 0;
  const corroboration =
    root.blamedBy.size > 0 || root.ownSignal >= 0.8 ? 1 : Math.max(root.ownSignal, telemetryScore);
  const raw = 0.1 + 0.3 * signal * c.share + 0.25 * margin + 0.15 * novelty + 0.15 * corroboration;
  return Math.round(Math.max(0.05, Math.min(0.97, raw)) * 100) / 100;
}

/** 1 for a line that only elaborates on the one before it (a PostgreSQL STATEMENT): it is quoted after its lead. */
function follows(a: Anomaly): number {
  const first = a.pattern.samples[0];
  return first && isPostgresFollower(first) ? 1 : 0;
}
