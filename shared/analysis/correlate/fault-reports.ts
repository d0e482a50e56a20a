import { escapeRegExp } from '../escape-regexp.ts';
import { LIMIT_REACHED, type ServiceTelemetry, type TelemetryFindings } from '../telemetry/types.ts';
import { namesEndpointOf } from './mentions.ts';
import { inferRole, kindsNamed } from './roles.ts';
import { type Suspect, sampleText } from './suspects.ts';

/**
 * Who reports whose fault: the links from a log candidate's lines to the service whose fault they
 * report (by the endpoint they connect to, by the kind of dependency they name, by the throttling
 * of a resource, by the answer they reject). Fusion gives part of the reporter's evidence to it.
 */

/** Below this a telemetry score names no origin by itself. */
export const TELEMETRY_ORIGIN = 0.3;

/**
 * The telemetry's candidates that write no logs of their own (not log suspects) and that a log
 * candidate's failing lines name by the endpoint they connect to.
 */
export function endpointsNamed(
  candidate: Suspect,
  telemetryScores: ReadonlyMap<string, number>,
): [string, number][] {
  const texts = candidate.anomalies.flatMap((a) => {
    const r = a.pattern.samples[0];
    // The whole line: a client names the endpoint in whatever field it logs it under (`addr`, `redis`).
    return r ? [`${r.message} ${r.exception ?? ''} ${r.raw.slice(0, 2000)}`] : [];
  });
  return [...telemetryScores.keys()]
    .filter(
      (t) => t !== candidate.service && !candidate.blames.has(t) && texts.some((x) => namesEndpointOf(x, t)),
    )
    .map((t) => [t, 1]);
}

/**
 * The telemetry's candidate a log candidate's failing lines name by its kind alone ("session not
 * found in cache", "database unavailable"): the one service of that kind in play, by its name
 * (`sessions-cache`), among the log services and the telemetry's candidates.
 */
export function kindNamed(
  candidate: Suspect,
  telemetryScores: ReadonlyMap<string, number>,
  suspects: ReadonlyMap<string, Suspect>,
): [string, number][] {
  const kinds = kindsNamed(candidate.anomalies.map((a) => a.pattern.samples[0]?.message ?? '').join('\n'));
  if (kinds.size === 0) return [];
  const inPlay = new Set([...telemetryScores.keys(), ...suspects.keys()]);
  const found: [string, number][] = [];
  for (const kind of kinds) {
    const ofKind = [...inPlay].filter((service) => inferRole(service, [], []) === kind);
    const [only] = ofKind;
    if (only !== undefined && ofKind.length === 1 && only !== candidate.service) found.push([only, 1]);
  }
  return found;
}

/**
 * Clients throttled by a resource that writes no logs, and the resource: a log candidate whose
 * strongest signal is throttling (a ProvisionedThroughputExceededException, a 429) while the
 * telemetry shows a resource throttling, as that resource's throttle counts say, which its own
 * lines name (the table it writes to), or whose AWS service its failing lines name when that
 * resource is the only one of its service throttling (`operation error Lambda: Invoke … 429` and
 * one function whose Throttles rose), or which is the one resource in play at its limit (the
 * function holding an account's shared concurrency). The limit is the resource's: the client
 * reports it.
 */
export function throttledBy(
  candidates: readonly Suspect[],
  telemetry: TelemetryFindings | null,
  suspects: ReadonlyMap<string, Suspect>,
  linesOf: (service: string) => string,
): [string, string][] {
  const limited = (telemetry?.services ?? []).filter(
    (t) => t.faultHint?.faultClass === 'throttling' && !suspects.has(t.service),
  );
  if (limited.length === 0) return [];
  const found: [string, string][] = [];
  const product = (t: ServiceTelemetry) => /^AWS\/(\w+)$/.exec(t.series[0]?.namespace ?? '')?.[1] ?? null;
  // Of the resources of one AWS service, those at their limit (a shared pool one of them holds)
  // speak for it; else all that throttle.
  const atLimit = limited.filter((t) => (t.faultHint?.strength ?? 0) >= LIMIT_REACHED);
  const speaking = (service: string) => {
    const held = atLimit.filter((u) => product(u) === service);
    return held.length > 0 ? held : limited.filter((u) => product(u) === service);
  };
  for (const s of candidates) {
    if (strongestClass(s) !== 'throttling') continue;
    const lines = linesOf(s.service);
    const failing = sampleText(s.anomalies);
    for (const t of limited) {
      const service = product(t);
      const alone = service !== null && speaking(service).length === 1 && speaking(service)[0] === t;
      // The one resource in play at its limit is what a throttled client met, whatever it names.
      const onlyLimit = atLimit.length === 1 && atLimit[0] === t;
      if (
        onlyLimit ||
        namesEndpointOf(lines, t.service) ||
        (alone && new RegExp(`\\b${service}\\b`, 'i').test(failing))
      )
        found.push([s.service, t.service]);
    }
  }
  return found;
}

/** A caller that states this plainly a fault of its own has its own story to tell. */
const OWN_FAULT = 0.8;

/**
 * Services a log candidate's failing lines say answered it (`X returned …`, `response from X …`)
 * that log nothing new themselves and that the telemetry does not point at: they answered wrongly
 * without noticing (a value their caller rejects, a result out of range). A candidate that states
 * no fault of its own reports theirs. A call that got no answer (a timeout, no instance to call)
 * says nothing against a callee that goes on serving the others.
 */
export function silentlyBlamed(
  candidates: readonly Suspect[],
  telemetryScores: ReadonlyMap<string, number>,
  suspects: ReadonlyMap<string, Suspect>,
  linesOf: (service: string) => string,
): [string, string, number][] {
  const found: [string, string, number][] = [];
  for (const s of candidates) {
    if (leaderSpecificity(s) >= OWN_FAULT) continue;
    const failing = sampleText(s.anomalies);
    for (const [target, weight] of s.blames)
      if (
        !suspects.has(target) &&
        (telemetryScores.get(target) ?? 0) < TELEMETRY_ORIGIN &&
        answeredBy(failing, target) &&
        linesOf(target) !== ''
      )
        found.push([s.service, target, weight]);
  }
  return found;
}

const ANSWER_VERB = String.raw`(?:returned|responded|answered|replied|sent back)`;
const ANSWER_NOUN = String.raw`(?:response|answer|reply|result|payload)`;

/** Whether the text says the service answered: `X returned …`, `response from X`. */
function answeredBy(text: string, service: string): boolean {
  const name = escapeRegExp(service);
  return new RegExp(
    String.raw`\b${name}\b[^.;\n]{0,30}\b${ANSWER_VERB}\b|\b${ANSWER_NOUN}s? (?:from|of) ${name}\b`,
    'i',
  ).test(text);
}

/** The class of the strongest signal in a suspect's lines, its own or a reported one. */
function strongestClass(s: Suspect): string | null {
  let best: { faultClass: string; strength: number } | null = null;
  for (const a of s.anomalies)
    for (const signal of a.pattern.signals) if (!best || signal.strength > best.strength) best = signal;
  return best?.faultClass ?? null;
}

/**
 * How specifically the leader's lines name a fault of its own (0..1): its strongest own signal. A
 * caller's "read timed out" describes the service it calls, not itself.
 */
export function leaderSpecificity(root: Suspect): number {
  let strongest = 0;
  for (const a of root.anomalies)
    for (const s of a.pattern.signals) if (s.own) strongest = Math.max(strongest, s.strength);
  return strongest;
}
