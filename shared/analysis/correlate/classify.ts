import type { FaultClass } from '../../domain/fault-class.ts';
import { levelWeight } from '../signals/classify-line.ts';
import { type Anomaly, isFailingWork } from './anomalies.ts';
import { type ChangeEvent, isNetworkChange } from './changes/index.ts';
import { SPECIFIC } from './signal-strength.ts';

export interface Classification {
  faultClass: FaultClass;
  /** Support of the chosen class over the support of all classes (0..1). */
  share: number;
  /** The strongest single signal behind the class (0..1); 0 when the class comes from a change. */
  strength: number;
  /** The anomalies that carry the class's signals, strongest first. */
  evidence: Anomaly[];
  /** Why: which signals or which change decided. */
  basis: string;
  scores: Partial<Record<FaultClass, number>>;
  /** The resource the origin's load spent, when that is its fault (the database a load holder took). */
  spent?: string;
  /** The service whose host the origin's task crowded, when that is its fault (a noisy neighbour). */
  starved?: string;
}

/**
 * The fault class from the meaning of the anomalous lines: every signal votes with its strength,
 * the level of its line and whether it comes from the root service (its own words count most, its
 * victims' less). A weak symptom after a deploy or configuration change makes the change's class
 * (bad_deployment, config_error); with no class and no change the result is `unknown`.
 */
export function classifyFault(
  anomalies: Anomaly[],
  rootService: string,
  patientZero: Anomaly | undefined,
  trigger: ChangeEvent | null,
): Classification {
  const scores = new Map<FaultClass, number>();
  const strongest = new Map<FaultClass, number>();
  const carriers = new Map<FaultClass, Anomaly[]>();
  for (const a of anomalies) {
    const fromRoot = a.pattern.service === rootService;
    for (const s of a.pattern.signals) {
      let w = s.strength * levelWeight(a.pattern.level) * (fromRoot ? 1 : 0.5);
      if (fromRoot && s.own) w *= 1.2;
      if (a === patientZero) w *= 1.5;
      w *= 1 + Math.log10(1 + a.pattern.incidentCount) / 4;
      scores.set(s.faultClass, (scores.get(s.faultClass) ?? 0) + w);
      if (fromRoot || !s.own)
        strongest.set(s.faultClass, Math.max(strongest.get(s.faultClass) ?? 0, s.strength));
      const list = carriers.get(s.faultClass) ?? [];
      list.push(a);
      carriers.set(s.faultClass, list);
    }
  }
  const total = [...scores.values()].reduce((x, y) => x + y, 0);
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const [best, bestScore] = ranked[0] ?? ['unknown', 0];
  const bestStrength = strongest.get(best) ?? 0;
  const plain = Object.fromEntries(scores) as Partial<Record<FaultClass, number>>;
  const leading = (basis: string): Classification => ({
    faultClass: best,
    share: bestScore / total,
    strength: bestStrength,
    evidence: byStrength(carriers.get(best) ?? [], best, rootService),
    basis,
    scores: plain,
  });
  if (bestScore > 0 && bestStrength >= SPECIFIC) return leading(`specific ${words(best)} signals`);
  // A change names the class only of failing work of the root's own after it: an error-severity
  // line, or a line with a fault signal. Warnings of no meaning after a release are not a fault.
  const failingAfter = anomalies.some((a) => a.pattern.service === rootService && isFailingWork(a));
  const faultClass = trigger && failingAfter ? changeClass(trigger) : null;
  if (trigger && faultClass) {
    return {
      faultClass,
      share: 1,
      strength: 0,
      evidence: anomalies.filter((a) => a.pattern.service === rootService),
      basis: `new errors right after a ${trigger.kind} change and no more specific signal`,
      scores: plain,
    };
  }
  if (bestScore > 0 && bestStrength >= 0.5) return leading(`typical but unspecific ${words(best)} symptoms`);
  return {
    faultClass: 'unknown',
    share: 0,
    strength: 0,
    evidence: [],
    basis: 'no fault signal',
    scores: plain,
  };
}

/** The carriers of a class, the root service's strongest and most severe lines first. */
function byStrength(list: Anomaly[], faultClass: FaultClass, rootService: string): Anomaly[] {
  const weight = (a: Anomaly) =>
    (a.pattern.signals.find((s) => s.faultClass === faultClass)?.strength ?? 0) *
    levelWeight(a.pattern.level) *
    (a.pattern.service === rootService ? 1 : 0.5);
  return [...list].sort(
    (a, b) => weight(b) - weight(a) || a.pattern.firstIncidentAt - b.pattern.firstIncidentAt,
  );
}

function words(faultClass: FaultClass): string {
  return faultClass.replace(/_/g, ' ');
}

/** The class a change gives the failures that follow it, for the kinds of change someone decides. */
export function changeClass(trigger: ChangeEvent): FaultClass | null {
  if (trigger.kind === 'deploy') return 'bad_deployment';
  if (trigger.kind === 'policy')
    return isNetworkChange(trigger) ? 'network_connectivity' : 'permission_denied';
  return trigger.kind === 'config' ? 'config_error' : null;
}
