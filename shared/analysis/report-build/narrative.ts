import type { LogRecord } from '../../domain/log-event.ts';
import { anomalyOnset } from '../correlate/anomaly-onset.ts';
import { isNetworkChange } from '../correlate/changes/network-change.ts';
import { isReload } from '../correlate/changes/reload.ts';
import type { Findings } from '../correlate/findings.ts';
import type { NarrativeInput } from '../synthesis/narrative-input.ts';
import { wholeNamespace } from './change-words.ts';
import type { FeatureWord } from './feature-words.ts';

const HOST_PORT = /\b([a-z][a-z0-9-]{2,62}(?:\.[a-z0-9-]+)*):\d{2,5}\b/gi;

/**
 * A dependency the root service names in its error lines (`redis-master:6379`), when it is not
 * one of the services that log: the thing the root service could not reach.
 */
export function namedDependency(f: Findings): string | null {
  if (!f.root) return null;
  const known = new Set([...f.collected.services.keys()].map((s) => s.toLowerCase()));
  for (const a of f.root.anomalies) {
    const text = a.pattern.samples[0]?.message ?? '';
    for (const m of text.matchAll(HOST_PORT)) {
      const host = (m[1] ?? '').toLowerCase();
      if (host && !known.has(host) && !/^(?:http|https|localhost)$/.test(host)) return m[1] ?? null;
    }
  }
  return null;
}

/**
 * The most telling real line behind the root cause: the first line of its strongest signal, else
 * patient zero. Prose quotes it (masked like every quote); templates stay in the patterns table.
 */
export function tellingLine(f: Findings): LogRecord | null {
  if (!f.root) return null;
  // Of a pattern that was there before, a line from when it stepped up.
  const telling = f.classification.evidence[0];
  return (telling ? anomalyOnset(telling, f.windows).record : undefined) ?? f.patientZero;
}

export function narrativeInput(f: Findings, feature: FeatureWord | null = null): NarrativeInput {
  const root = f.root;
  const pz = root?.anomalies.find((a) => a.pattern.samples[0] === f.patientZero);
  const strongest = f.classification.evidence[0];
  const trigger = f.trigger?.change;
  const minutes = (f.windows.incidentEnd - f.windows.baselineEnd) / 60_000;
  const signalOf = tellingLine(f)?.service;
  return {
    faultClass: f.classification.faultClass,
    rootService: root?.service ?? null,
    rootRole: root?.role ?? 'unknown',
    platform: f.platform,
    affected: f.affected.map((a) => ({ service: a.service, role: a.role })),
    trigger: trigger
      ? {
          kind: trigger.kind,
          service: trigger.service,
          at: new Date(trigger.at).toISOString(),
          description: trigger.description.slice(0, 300),
          ...(trigger.version ? { version: trigger.version } : {}),
          ...(isNetworkChange(trigger) ? { network: true as const } : {}),
          ...(isReload(trigger) ? { reload: true as const } : {}),
          ...(wholeNamespace(trigger) ? { namespace: wholeNamespace(trigger) } : {}),
        }
      : null,
    // An origin no line of its own names is told by what its metrics or routine lines showed.
    signal:
      tellingLine(f)?.message ??
      (strongest ?? pz)?.pattern.samples[0]?.message ??
      (root && root.anomalies.length === 0 ? root.first.message : ''),
    ...(signalOf && signalOf !== root?.service ? { signalService: signalOf } : {}),
    ...(feature ? { feature: { word: feature.word, line: feature.sample.message } } : {}),
    ...(f.classification.spent ? { spent: f.classification.spent } : {}),
    ...(f.classification.starved ? { starved: f.classification.starved } : {}),
    ...enginesOf(f),
    dependency: namedDependency(f),
    errorCount: f.affected.reduce((n, a) => n + a.errorCount, 0),
    durationMinutes: Math.round(minutes),
  };
}

/** The SQL engine of each service that writes a database server's own log (PostgreSQL's, MySQL's). */
function enginesOf(f: Findings): { engines?: Record<string, 'postgres' | 'mysql'> } {
  const engines = new Map<string, 'postgres' | 'mysql'>();
  for (const p of f.collected.patterns) {
    const style = p.samples[0]?.style;
    if ((style === 'postgres' || style === 'mysql') && !engines.has(p.service)) engines.set(p.service, style);
  }
  return engines.size > 0 ? { engines: Object.fromEntries(engines) } : {};
}
