import type { LogRecord } from '../../domain/log-event.ts';
import type { PatternStat } from '../collect/model.ts';
import { isRecord, stringField } from '../parse/text.ts';
import type { BehaviourShift } from './behaviour.ts';
import { failingWork, type Suspect } from './suspects.ts';

/**
 * Where each task ran, from the task state changes ECS sends through EventBridge (ECS Developer
 * Guide, "Amazon ECS task state change events": `containerInstanceArn`, `lastStatus`, and the
 * task-level `cpu` it reserved, "0" or absent when it reserved none).
 */
interface Placement {
  service: string;
  host: string;
  status: string;
  at: number;
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

function placementOf(record: LogRecord): Placement | null {
  const envelope = record.style === 'aws-event' ? record.fields : undefined;
  const detail = envelope?.detail;
  if (!envelope || !isRecord(detail) || envelope['detail-type'] !== 'ECS Task State Change') return null;
  const host = stringField(detail, 'containerInstanceArn');
  const status = stringField(detail, 'lastStatus');
  if (!host || !status) return null;
  const cpu = Number(stringField(detail, 'cpu') ?? '0');
  return { service: record.service, host, status, at: record.at, reservesCpu: cpu > 0, record };
}

function placements(patterns: readonly PatternStat[]): Placement[] {
  const out: Placement[] = [];
  for (const p of patterns) {
    const records = new Set([p.firstRecord, ...p.samples, ...p.bucketSamples.values()]);
    for (const r of records) {
      const placed = r ? placementOf(r) : null;
      if (placed) out.push(placed);
    }
  }
  return out;
}

function starves(suspect: Suspect): boolean {
  return suspect.anomalies.some((a) => a.pattern.signals.some((s) => STARVED.has(s.faultClass)));
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
): BehaviourShift[] {
  const placed = placements(patterns);
  if (placed.length === 0) return [];
  const found = new Map<string, BehaviourShift>();
  for (const victim of suspects.values()) {
    if (!starves(victim)) continue;
    const began = failingWork(victim).first;
    if (!Number.isFinite(began)) continue;
    const hosts = new Set(placed.filter((p) => p.service === victim.service).map((p) => p.host));
    const newcomer = placed
      .filter(
        (p) =>
          p.service !== victim.service &&
          hosts.has(p.host) &&
          p.status === 'RUNNING' &&
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
      detail: `${newcomer.service} started a task reserving no CPU on the host of ${victim.service} (${newcomer.host.split('/').pop()}) ${lead} s before ${victim.service} ran short of its resources there`,
      record: newcomer.record,
      reportedBy: [victim.service],
    });
  }
  return [...found.values()];
}
