import type { LogRecord } from '../../domain/log-event.ts';
import type { PatternStat } from '../collect/model.ts';
import { serviceEvent } from '../parse/service-event.ts';
import { stringField } from '../parse/text.ts';
import type { Anomaly } from './anomalies.ts';
import type { BehaviourShift } from './behaviour.ts';
import type { ChangeEvent } from './changes/detect-change.ts';
import { shippedFrom } from './changes/shipper-metadata.ts';
import { failingWork, type Suspect } from './suspects.ts';

/**
 * Where each task or pod began to run: from the task state changes ECS sends through EventBridge
 * (ECS Developer Guide, "Amazon ECS task state change events": `containerInstanceArn`,
 * `lastStatus`, and the task-level `cpu` it reserved, "0" or absent when it reserved none), or
 * from the Kubernetes scheduler's Scheduled event ("Successfully assigned NAMESPACE/POD to NODE",
 * kube-scheduler's binding event; what the pod requested it does not say).
 */
interface Placement {
  service: string;
  host: string;
  at: number;
  /** Known to reserve CPU of its own (an ECS task's `cpu`). */
  reservesCpu: boolean;
  record: LogRecord;
}

/** Classes of a host's shared resources, which a task placed beside another can take from it. */
const STARVED = new Set(['cpu_saturation', 'memory_exhaustion']);
/** How long before the starved service's first failure its neighbour may have started. */
const LEAD_MS = 15 * 60_000;
/** Clock skew tolerated between the event and the service's lines (different emitters). */
const SKEW_MS = 5_000;
const NEIGHBOUR_SCORE = 0.6;

const SCHEDULED = /^Successfully assigned [^/\s]+\/\S+ to (\S+)/;

function placementOf(record: LogRecord): Placement | null {
  if (record.style === 'k8s-event' && record.fields?.reason === 'Scheduled') {
    const node = SCHEDULED.exec(record.message)?.[1];
    return node ? { service: record.service, host: node, at: record.at, reservesCpu: false, record } : null;
  }
  const event = serviceEvent(record);
  if (event?.detailType !== 'ECS Task State Change') return null;
  const { detail } = event;
  const host = stringField(detail, 'containerInstanceArn');
  if (!host || stringField(detail, 'lastStatus') !== 'RUNNING') return null;
  const cpu = Number(stringField(detail, 'cpu') ?? '0');
  return { service: record.service, host, at: record.at, reservesCpu: cpu > 0, record };
}

/**
 * The hosts where a service ran short: the nodes its failing lines were shipped from when the
 * shipper says, else every host its tasks were placed on.
 */
function starvedHosts(victim: Suspect, placed: readonly Placement[]): Set<string> {
  const shipped = new Set<string>();
  for (const a of victim.anomalies)
    if (ranShort(a))
      for (const r of a.pattern.samples) {
        const host = shippedFrom(r, 'host');
        if (host) shipped.add(host);
      }
  return shipped.size > 0
    ? shipped
    : new Set(placed.filter((p) => p.service === victim.service).map((p) => p.host));
}

/** Placements from the change events (kept from the whole history) and the patterns' kept lines. */
function placements(patterns: readonly PatternStat[], changes: readonly ChangeEvent[]): Placement[] {
  const records = new Set<LogRecord>();
  for (const c of changes) if (c.kind === 'restart') records.add(c.record);
  for (const p of patterns)
    for (const r of [p.firstRecord, ...p.samples, ...p.bucketSamples.values()]) if (r) records.add(r);
  return [...records].flatMap((r) => placementOf(r) ?? []);
}

/** Whether the lines say their service ran short of a resource its host shares (CPU, memory). */
export function ranShort(a: Anomaly): boolean {
  return a.pattern.signals.some((s) => STARVED.has(s.faultClass));
}

function starves(suspect: Suspect): boolean {
  return suspect.anomalies.some(ranShort);
}

/**
 * A service that started a task on the host where another service's task then starved: when a
 * service whose lines say it ran out of CPU or memory had a task on a container instance where a
 * task of another service, reserving no CPU, began running shortly before, and that other service
 * failed in nothing before, the newcomer took what it lacked. It is the origin the starved service
 * reports (a noisy neighbour), with its task's start as what set it off.
 */
export function findHostNeighbours(
  patterns: readonly PatternStat[],
  suspects: ReadonlyMap<string, Suspect>,
  changes: readonly ChangeEvent[] = [],
): BehaviourShift[] {
  const placed = placements(patterns, changes);
  if (placed.length === 0) return [];
  const found = new Map<string, BehaviourShift>();
  for (const victim of suspects.values()) {
    if (!starves(victim)) continue;
    const began = failingWork(victim).first;
    if (!Number.isFinite(began)) continue;
    const hosts = starvedHosts(victim, placed);
    const newcomer = placed
      .filter(
        (p) =>
          p.service !== victim.service &&
          hosts.has(p.host) &&
          !p.reservesCpu &&
          p.at >= began - LEAD_MS &&
          p.at <= began + SKEW_MS &&
          failingWork(suspects.get(p.service)).first >= began - SKEW_MS,
      )
      .sort((a, b) => b.at - a.at)[0];
    if (!newcomer || found.has(newcomer.service)) continue;
    const lead = Math.max(0, Math.round((began - newcomer.at) / 1000));
    found.set(newcomer.service, {
      service: newcomer.service,
      kind: 'neighbour',
      score: NEIGHBOUR_SCORE,
      onset: newcomer.at,
      detail: `${newcomer.service} started ${newcomer.record.style === 'k8s-event' ? 'a pod' : 'a task reserving no CPU'} on the host of ${victim.service} (${newcomer.host.split('/').pop()}) ${lead} s before ${victim.service} ran short of its resources there`,
      record: newcomer.record,
      reportedBy: [victim.service],
    });
  }
  return [...found.values()];
}
