import { levelWeight } from '../signals/classify-line.ts';
import { firstAnomaly, type Suspect } from './suspects.ts';

export interface RootCauseChoice {
  root: Suspect;
  /** Every suspect with its score and the parts of it, best first (for the reasoning trail). */
  ranking: {
    service: string;
    score: number;
    precedence: number;
    own: number;
    blamed: number;
    blames: number;
  }[];
  /** How clearly the root stands out (score gap to the runner-up, 0..1). */
  margin: number;
  /** Suspects whose episode ended before the others began (endedEarlier): not part of this incident. */
  earlier: string[];
}

/** Seconds over which a later first signal loses half its precedence. */
const PRECEDENCE_HALF_SECONDS = 30;

/**
 * The root-cause service: the one whose own new signal comes first and explains the others.
 * Precedence (how early its first anomaly is against the earliest), the strength of its own fault
 * signal (a database saying "No space left on device" against a caller saying "upstream 503"), and
 * blame (others' errors naming it, less its errors naming others) are weighed together, so a clock
 * tie is broken by causal evidence rather than by line order.
 */
export function chooseRootCause(
  suspects: Map<string, Suspect>,
  lastAt: ReadonlyMap<string, number> = new Map(),
  changed: ReadonlySet<string> = new Set(),
  moved: ReadonlySet<string> = new Set(),
  workBegan: ReadonlyMap<string, number> = new Map(),
): RootCauseChoice | null {
  const all = [...suspects.values()];
  if (all.length === 0) return null;
  const over = endedEarlier(all, lastAt, changed);
  const live = all.filter((s) => !over.has(s));
  // A suspect's fault began with new work of its own that led to its failure, when it says so.
  const began = (s: Suspect) => Math.min(s.firstAt, workBegan.get(s.service) ?? s.firstAt);
  const earliest = Math.min(...(live.length > 0 ? live : all).map(began));
  const scored = all.map((s) => {
    const delaySeconds = (began(s) - earliest) / 1000;
    const precedence = over.has(s) ? 0 : 1 / (1 + delaySeconds / PRECEDENCE_HALF_SECONDS);
    const blamed = Math.min(1, sum(s.blamedBy.values()) / 2);
    const blames = Math.min(1, sum(blamedUnwell(s, suspects, moved)));
    const first = firstAnomaly(s);
    const novelty = first ? levelWeight(first.pattern.level) * (first.isNew ? 1 : 0.5) : 0;
    const score = 0.4 * precedence + 0.35 * s.ownSignal + 0.2 * blamed - 0.2 * blames + 0.15 * novelty;
    return { suspect: s, score, precedence, own: s.ownSignal, blamed, blames };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.suspect.firstAt - b.suspect.firstAt ||
      (a.suspect.service < b.suspect.service ? -1 : 1),
  );
  const best = scored[0];
  if (!best) return null;
  const second = scored[1];
  const margin = second
    ? Math.max(0, Math.min(1, (best.score - second.score) / Math.max(best.score, 1e-9)))
    : 1;
  return {
    root: best.suspect,
    ranking: scored.map(({ suspect, ...rest }) => ({ service: suspect.service, ...rest })),
    margin,
    earlier: [...over].map((s) => s.service),
  };
}

/** How long before the others began a suspect's last anomalous line must be for its episode to be over. */
const EPISODE_GAP_MS = 2 * 60_000;

/**
 * Suspects whose new lines had ended before any other suspect's began, and that no other names:
 * an earlier episode of their own (a partner's maintenance window, a pod evicted by consolidation).
 * A failure is still there when its effects begin, or someone names it; coming first does not make
 * these the origin. A service that made a change (a release, a configuration) is not among them:
 * a change lasts after its lines end.
 */
function endedEarlier(
  all: readonly Suspect[],
  lastAt: ReadonlyMap<string, number>,
  changed: ReadonlySet<string>,
): Set<Suspect> {
  const over = new Set<Suspect>();
  for (const s of all) {
    const last = lastAt.get(s.service);
    if (last === undefined || s.blamedBy.size > 0 || changed.has(s.service)) continue;
    const others = all.filter((o) => o !== s);
    if (others.length > 0 && others.every((o) => o.firstAt - last > EPISODE_GAP_MS)) over.add(s);
  }
  return over;
}

/** An own signal this specific says the suspect's fault plainly (its descriptors ran out). */
const PLAIN_OWN_SIGNAL = 0.8;

/**
 * What a suspect's lines blame on others. A suspect that states a fault of its own plainly and
 * names a service that logs, shows nothing new and whose telemetry did not move (`moved`: slower
 * calls into it, its resources) reports that service's calls failing because of its own fault:
 * those names take nothing from it as an origin. Without such a fault of its own, a name is
 * still a name (the service may fail silently).
 */
function blamedUnwell(
  s: Suspect,
  suspects: ReadonlyMap<string, Suspect>,
  moved: ReadonlySet<string>,
): number[] {
  const plain = s.ownSignal >= PLAIN_OWN_SIGNAL;
  return [...s.blames]
    .filter(([target]) => !plain || suspects.has(target) || moved.has(target))
    .map(([, weight]) => weight);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
