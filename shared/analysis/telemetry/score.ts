import type { Movement } from './metric-movement.ts';
import type { ServiceTraceSignals } from './trace-signals.ts';
import type { MovedSeries, ServiceTelemetry, TelemetryEvidence, TelemetryFaultHint } from './types.ts';

/** Evidence of a service's own trouble; latency into it is shared with every victim above the origin. */
const OWN_TOOLS = new Set<TelemetryEvidence['tool']>([
  'metric-saturation',
  'metric-baseline',
  'trace-self-time',
  'trace-network-time',
  'trace-errors',
]);
/** A caller with its own signal is scored down this much when a service it calls has one too. */
const UPSTREAM_DISCOUNT = 0.75;
/** ... when the callee's own score is at least this share of the caller's. */
const CALLEE_COMPARABLE = 0.8;
/** A callee this much stronger makes the caller a likelier victim still. */
const CALLEE_STRONGER = 1.25;
const UPSTREAM_DISCOUNT_STRONG = 0.6;

interface Draft {
  service: string;
  evidence: TelemetryEvidence[];
  series: MovedSeries[];
  hints: { faultClass: TelemetryFaultHint; strength: number }[];
}

/** Noisy-or of the strongest item of each tool: several series of one kind do not stack up. */
function combine(evidence: readonly TelemetryEvidence[]): number {
  const best = new Map<string, number>();
  for (const e of evidence) {
    if (!OWN_TOOLS.has(e.tool)) continue;
    // Symptoms in metrics (latency, errors, traffic) count less than a resource running out.
    const key = e.tool;
    best.set(key, Math.max(best.get(key) ?? 0, e.strength));
  }
  let miss = 1;
  for (const s of best.values()) miss *= 1 - s;
  return 1 - miss;
}

function traceHints(t: ServiceTraceSignals): { faultClass: TelemetryFaultHint; strength: number }[] {
  const hints: { faultClass: TelemetryFaultHint; strength: number }[] = [];
  if (t.errors) hints.push({ faultClass: 'other', strength: 0.4 });
  else if (t.network) hints.push({ faultClass: 'dependency_timeout', strength: 0.6 });
  else if (t.selfTime) hints.push({ faultClass: 'dependency_timeout', strength: 0.45 });
  return hints;
}

/**
 * One origin score per service from its metric movements and trace signals; a service that calls
 * another with its own signal is discounted (the deepest one is the likelier origin). Best first.
 */
export function scoreServices(
  movements: ReadonlyMap<string, Movement[]>,
  traces: ReadonlyMap<string, ServiceTraceSignals>,
  reaches: (from: string, to: string) => boolean,
): ServiceTelemetry[] {
  const drafts = new Map<string, Draft>();
  const draft = (service: string): Draft => {
    let d = drafts.get(service);
    if (!d) {
      d = { service, evidence: [], series: [], hints: [] };
      drafts.set(service, d);
    }
    return d;
  };
  for (const [service, list] of movements) {
    const d = draft(service);
    for (const m of list) {
      d.evidence.push(m.evidence);
      d.series.push(m.series);
      if (m.hint) d.hints.push(m.hint);
    }
  }
  for (const [service, t] of traces) {
    if (t.evidence.length === 0) continue;
    const d = draft(service);
    d.evidence.push(...t.evidence);
    d.hints.push(...traceHints(t));
  }
  const raw = new Map<string, number>();
  for (const d of drafts.values()) raw.set(d.service, combine(d.evidence));
  const out: ServiceTelemetry[] = [];
  for (const d of drafts.values()) {
    const own = raw.get(d.service) ?? 0;
    let score = own;
    let victimOf: string | undefined;
    let strongest = 0;
    for (const [other, s] of raw) {
      if (other === d.service || s === 0 || s < CALLEE_COMPARABLE * own || s <= strongest) continue;
      if (reaches(d.service, other)) {
        strongest = s;
        victimOf = other;
      }
    }
    if (victimOf !== undefined)
      score *= strongest >= CALLEE_STRONGER * own ? UPSTREAM_DISCOUNT_STRONG : UPSTREAM_DISCOUNT;
    // A trace finding is dated to the window it compares; a metric says when it moved.
    const dated = d.evidence.filter((e) => e.at !== null);
    const metric = dated.filter((e) => e.kind === 'metric');
    const onsets = (metric.length > 0 ? metric : dated).map((e) => e.at as number);
    const hint = [...d.hints].sort((a, b) => b.strength - a.strength)[0] ?? null;
    out.push({
      service: d.service,
      score: Math.round(Math.min(0.99, score) * 1000) / 1000,
      onset: onsets.length > 0 ? Math.min(...onsets) : null,
      evidence: [...d.evidence].sort((a, b) => b.strength - a.strength),
      faultHint: hint,
      series: d.series.sort((a, b) => Math.abs(b.robustZ) - Math.abs(a.robustZ)).slice(0, 4),
      ...(victimOf === undefined ? {} : { victimOf }),
    });
  }
  return out.sort((a, b) => b.score - a.score || (a.service < b.service ? -1 : 1));
}
