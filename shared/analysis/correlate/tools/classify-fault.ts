import type { FaultClass } from '../../../domain/fault-class.ts';
import { escapeRegExp } from '../../escape-regexp.ts';
import { LIMIT_REACHED } from '../../telemetry/types.ts';
import { shiftOf } from '../behaviour.ts';
import { servicesNamedBy } from '../callee-names.ts';
import { type Classification, changeClass, classifyFault as classify } from '../classify.ts';
import { evidenceSuspect } from '../fusion.ts';
import { ranShort } from '../host-neighbour.ts';
import { holderClassification } from '../lock-holder.ts';
import { joinedOrigin } from '../log-traces.ts';
import { EMPTY_CLASSIFICATION } from '../nothing-found.ts';
import {
  clearOrigin,
  NAMING_SHIFTS,
  otherClassification,
  reportedOrigin,
  shiftOrigin,
} from '../origin-decision.ts';
import { originOf, type Reading } from '../reading.ts';
import { SEEN_ACROSS_A_CALL, SPECIFIC } from '../signal-strength.ts';
import { firstAnomaly, killedForMemory, type Suspect } from '../suspects.ts';
import { onlyUse, telemetryOrigin, withTelemetryHint } from '../telemetry-evidence.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/**
 * What a symptom's class was caused by, when the findings say: data that could not be read because
 * a configuration change set it so is a configuration error; a crash loop whose restarts follow
 * the kernel's OOM kills of its process is memory exhaustion.
 */
function causeOf(read: Classification, reading: Reading, root: Suspect): Classification {
  const setValue = reading.trigger?.setValue;
  if (setValue !== undefined && read.faultClass === 'data_error')
    return {
      ...read,
      faultClass: 'config_error',
      basis: `the input ${root.service} could not read ("${setValue.slice(0, 80)}") is the value the configuration change set; ${read.basis}`,
    };
  if (read.faultClass === 'crash_loop' && killedForMemory(root, reading.suspects))
    return {
      ...read,
      faultClass: 'memory_exhaustion',
      basis: `${root.service}'s restarts follow the kernel's OOM kills of its process, reported on its node; ${read.basis}`,
    };
  // A cache its clients could not reach or that did not answer them is a cache down (the contract's
  // cache_failure), when the cache says nothing more specific of its own.
  if (root.role === 'cache' && SEEN_ACROSS_A_CALL.has(read.faultClass) && root.ownSignal < SPECIFIC)
    return {
      ...read,
      faultClass: 'cache_failure',
      basis: `${root.service} is a cache its clients could not reach or that did not answer them; ${read.basis}`,
    };
  return read;
}

/** The fault class of the origin from its anomalous lines and its trigger (a telemetry hint where they are vague). */
export const classifyFault: CorrelationTool<Classification> = {
  name: 'classify_fault',
  description:
    "Names the origin's fault class from the phrases of its anomalous lines and its trigger; where they name none, an origin that stands clear on its own evidence is of class other.",
  parameters: (reading) => ({
    rootService: originOf(reading).root.service,
    anomalies: reading.anomalies.anomalies.length,
  }),
  run: (reading) => {
    const { root } = originOf(reading);
    const rootPz = firstAnomaly(root);
    const { anomalies } = reading.anomalies;
    const read = classify(anomalies, root.service, rootPz, reading.trigger?.change ?? null);
    const named = causeOf(read, reading, root);
    // The others' lock waits are the holder's fault, whatever words their timeouts use.
    const held = holderClassification(root.service, reading.shifts, anomalies, named.scores);
    if (held) return held;
    // A neighbour's fault is what the service it starved ran short of, in that service's words, or
    // the node's resource it took, as the kubelet said.
    const neighbour = shiftOf(root.service, reading.shifts, ['neighbour']);
    if (neighbour?.names) {
      const victims = new Set(neighbour.reportedBy);
      const evidence = anomalies.filter((a) =>
        a.pattern.signals.some((s) => s.faultClass === neighbour.names && victims.has(a.pattern.service)),
      );
      return {
        faultClass: neighbour.names,
        share: 1,
        strength: neighbour.score,
        evidence,
        basis: neighbour.detail,
        scores: named.scores,
      };
    }
    const starved = reading.suspects.get(neighbour?.reportedBy?.[0] ?? '');
    if (neighbour && starved) {
      // What it ran short of, not what its callers saw of it (their timeouts, its failed probes).
      const short = anomalies.filter((a) => a.pattern.service === starved.service && ranShort(a));
      const theirs = classify(short, starved.service, firstAnomaly(starved), null);
      return { ...theirs, basis: `${neighbour.detail}; ${theirs.basis}`, starved: starved.service };
    }
    // A load's fault is what it did to the database it spent: what moved in the database's metrics.
    const holder = shiftOf(root.service, reading.shifts, ['load-holder']);
    // A holder of a shared rate (no resource in between) did to the others what their lines say.
    const reporter = holder && !holder.via ? reading.suspects.get(holder.reportedBy?.[0] ?? '') : undefined;
    if (holder && reporter && named.strength < SPECIFIC) {
      const reported = new Set(holder.reportedBy);
      const theirs = classify(
        anomalies.filter((a) => reported.has(a.pattern.service)),
        reporter.service,
        firstAnomaly(reporter),
        null,
      );
      if (theirs.faultClass !== 'unknown') return { ...theirs, basis: `${holder.detail}; ${theirs.basis}` };
    }
    if (!holder?.via) return named;
    const spent = withTelemetryHint(named, holder.via, reading.telemetryFindings);
    return { ...spent, basis: `${holder.detail}; ${spent.basis}`, spent: holder.via };
  },
  summarize: (c) =>
    `${c.faultClass} (${c.basis}; share ${c.share.toFixed(2)}); scores ${JSON.stringify(roundScores(c.scores))}`,
  keep(reading, result) {
    const { root, fromLogs } = originOf(reading);
    const found = result ?? EMPTY_CLASSIFICATION;
    // An origin only the telemetry names, with nothing failing anywhere, shows use, not a fault.
    const named = shiftOf(root.service, reading.shifts, NAMING_SHIFTS) !== undefined;
    const use =
      fromLogs || named ? null : onlyUse(root.service, reading.telemetryFindings, somethingFailed(reading));
    if (use) {
      reading.onlyUse = use;
      reading.trail.add(
        'DECISION',
        'Inconclusive',
        `No service failed (no new error line, no failed trace), and what moved shows more use, not a fault: ${use}.`,
      );
      return 'inconclusive';
    }
    const classification =
      fedBacklog(reading, root.service, found) ??
      withTelemetryHint(
        found,
        root.service,
        reading.telemetryFindings,
        namesOnlyHealthy(found, root.service, reading),
      );
    if (classification.faultClass !== 'unknown') {
      reading.classification = classification;
    } else {
      const origin = unnamedOrigin(reading);
      if (!origin.clear) {
        reading.trail.add(
          'DECISION',
          'Inconclusive',
          `New errors appear, but none names a fault, no change precedes them, and no service stands out as their origin (${origin.why}).`,
        );
        return 'inconclusive';
      }
      reading.classification =
        changedOrigin(reading, classification.scores, origin.why) ??
        otherClassification(root, classification.scores, origin.why);
    }
    admitOriginAndReach(reading);
    return 'continue';
  },
};

/**
 * The class of an origin that went silent after a change of its own, whose lines and metrics say
 * nothing specific, from what it was fed from: the one resource the change names (the queue whose
 * mapping to a function was disabled: `eventSourceArn` …`:claims-intake`) whose metrics moved in a
 * way that names a class (its backlog growing). The silence's mark is there.
 */
function fedBacklog(reading: Reading, service: string, found: Classification): Classification | null {
  const findings = reading.telemetryFindings;
  if (!findings || found.strength >= SPECIFIC) return null;
  if (findings.services.some((s) => s.service === service && s.faultHint)) return null;
  if (shiftOf(service, reading.shifts, ['quiet'])?.followsOwnChange !== true) return null;
  const change = reading.trigger?.change;
  if (!change || change.service !== service) return null;
  const text = change.record.raw.slice(0, 8000);
  const named = findings.services.filter(
    (s) =>
      s.service !== service &&
      s.faultHint !== null &&
      s.faultHint.faultClass !== 'unknown' &&
      new RegExp(`[:/]${escapeRegExp(s.service)}(?:["/,]|$)`).test(text),
  );
  const feed = named.length === 1 ? named[0] : undefined;
  if (!feed?.faultHint || feed.faultHint.faultClass === 'unknown') return null;
  return {
    ...found,
    faultClass: feed.faultHint.faultClass as FaultClass,
    share: 1,
    strength: feed.faultHint.strength,
    basis: `${service} went quiet after a change of its own that names ${feed.service}, whose metrics show it: ${feed.evidence[0]?.detail ?? 'they moved'}`,
  };
}

/** Whether an origin whose lines name no fault stands out on its own evidence (logs, behaviour or telemetry). */
function unnamedOrigin(reading: Reading): { clear: boolean; why: string } {
  const { root, fromLogs, margin } = originOf(reading);
  const { choice, suspects, shifts, telemetryFindings, traceJoin } = reading;
  // A log suspect leads the log ranking: its own lines decide. One that leads only the fused
  // ranking stands on its own lines (with the fused margin), else on its other evidence.
  const leadsLogs = fromLogs && choice?.root === root;
  const own = fromLogs ? clearOrigin(root, leadsLogs ? (choice?.margin ?? margin) : margin, suspects) : null;
  if (own?.clear) return own;
  if (own && leadsLogs) {
    // Its work gone (quiet, a routine stopped) makes it clear where its lines do not; a number
    // that rose (more load) does not.
    const gone = shiftOrigin(root.service, shifts, margin, ['quiet']);
    return gone?.clear ? gone : own;
  }
  const other =
    shiftOrigin(root.service, shifts, margin) ??
    joinedOrigin(root.service, traceJoin, margin) ??
    reportedOrigin(root.service, reading.fused?.reportedBy.get(root.service), margin) ??
    telemetryOrigin(root.service, telemetryFindings, margin, somethingFailed(reading));
  return other.clear || !own ? other : own;
}

/**
 * An origin clear by its behaviour or telemetry, with no failure line of its own, right after a
 * change it was the subject of (a capacity schedule that took it to zero, a release that stopped
 * its work): the change names the mechanism, as it does for failure lines after it.
 */
function changedOrigin(
  reading: Reading,
  scores: Classification['scores'],
  why: string,
): Classification | null {
  const { root } = originOf(reading);
  const change = reading.trigger?.change;
  const faultClass = change && change.service === root.service ? changeClass(change) : null;
  if (!change || !faultClass) return null;
  return {
    faultClass,
    share: 1,
    strength: 0,
    evidence: root.anomalies,
    basis: `${why}, right after a ${change.kind} change of its own`,
    scores,
  };
}

/**
 * The origin stands: one that only its telemetry or behaviour names is affected too, and so are the
 * database a load holder spent and what
 * its traces show it reached (the callers that slowed or failed with it), when the telemetry ranks
 * the same origin first.
 */
function admitOriginAndReach(reading: Reading): void {
  const { root, fromLogs } = originOf(reading);
  const { suspects, telemetryFindings } = reading;
  if (!fromLogs) suspects.set(root.service, root);
  // The database a load holder spent is affected, though it logs no failure of its own.
  const held = shiftOf(root.service, reading.shifts, ['load-holder']);
  if (held?.via && !suspects.has(held.via))
    suspects.set(held.via, evidenceSuspect(held.via, held.onset ?? root.firstAt, held.detail, 'database'));
  // An origin holding a shared limit (an account's concurrency) refused the others their share:
  // the services whose throttles rose meanwhile are affected.
  const own = telemetryFindings?.services.find((t) => t.service === root.service);
  if (own?.faultHint?.faultClass === 'throttling' && own.faultHint.strength >= LIMIT_REACHED)
    for (const t of telemetryFindings?.services ?? []) {
      if (suspects.has(t.service) || t.faultHint?.faultClass !== 'throttling') continue;
      const detail = t.evidence[0]?.detail ?? `${t.service} was throttled`;
      suspects.set(t.service, evidenceSuspect(t.service, t.onset ?? root.firstAt, detail));
    }
  // The telemetry's reach is that of the origin it ranks first: of another origin it says nothing.
  const reach = telemetryFindings?.blastRadius ?? [];
  if (reach[0] !== root.service) return;
  for (const service of reach) {
    if (suspects.has(service)) continue;
    const own = telemetryFindings?.services.find((t) => t.service === service);
    const detail = own?.evidence[0]?.detail ?? `its calls lead to ${root.service} in the traces`;
    suspects.set(service, evidenceSuspect(service, own?.onset ?? root.firstAt, detail));
  }
}

function roundScores(scores: Partial<Record<FaultClass, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.round((v ?? 0) * 100) / 100]));
}

/**
 * Whether the services the origin's own class lines name (what it called) all log and show nothing
 * new: then what those lines report of them is not their fault.
 */
function namesOnlyHealthy(c: Classification, service: string, reading: Reading): boolean {
  const known = [...reading.collected.services.keys()];
  const named = new Set<string>();
  for (const a of c.evidence) {
    const r = a.pattern.service === service ? a.pattern.samples[0] : undefined;
    if (!r) continue;
    for (const m of servicesNamedBy(r, known, service)) named.add(m.service);
  }
  return named.size > 0 && [...named].every((s) => !reading.suspects.has(s));
}

/** Whether anything failed: a service logged new failures, or traces failed. */
function somethingFailed(reading: Reading): boolean {
  const traced = (reading.telemetryFindings?.services ?? []).some((t) =>
    t.evidence.some((e) => e.tool === 'trace-errors'),
  );
  return traced || [...reading.suspects.values()].some((s) => s.anomalies.length > 0);
}
