import type { FaultClass } from '../../domain/fault-class.ts';
import type { LogRecord } from '../../domain/log-event.ts';
import type { PatternStat } from '../collect/model.ts';
import { serviceFromPodName } from '../parse/pod-name.ts';
import { isRecord, stringField } from '../parse/text.ts';
import type { BehaviourShift } from './behaviour.ts';

/**
 * The kubelet's node-pressure eviction message (pkg/kubelet/eviction/helpers.go: "The node was low
 * on resource: %v. Threshold quantity: %v, available: %v. " then, per container, "Container %s was
 * using %s, request is %s, has larger consumption of %v. "): how much of the scarce resource each
 * container of the evicted pod was using.
 */
const NODE_LOW = /^The node was low on resource: ([\w.-]+)\.(?: Threshold quantity: (\S+?),)?/;
const CONTAINER_USING = /\bContainer (\S+) was using (\S+?), request is/g;

/** What running out of each resource the kubelet evicts for is (Kubernetes, "Node-pressure Eviction"). */
const RESOURCE_CLASS: Readonly<Record<string, FaultClass>> = {
  memory: 'memory_exhaustion',
  'ephemeral-storage': 'disk_full',
  nodefs: 'disk_full',
  imagefs: 'disk_full',
  inodes: 'disk_full',
};

/** Kubernetes quantity suffixes (apimachinery resource.Quantity): binary and decimal multiples. */
const QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|K|M|G|T|P|m)?$/;
const MULTIPLIER: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  m: 1e-3,
};

export function quantity(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] ? (MULTIPLIER[m[2]] ?? 1) : 1);
}

interface Eviction {
  node: string;
  resource: string;
  service: string;
  container: string;
  using: number;
  threshold: number | undefined;
  record: LogRecord;
}

function evictionOf(record: LogRecord): Eviction[] {
  if (record.style !== 'k8s-event' || record.fields?.reason !== 'Evicted') return [];
  const low = NODE_LOW.exec(record.message);
  const fields = record.fields;
  const involved = isRecord(fields.involvedObject) ? fields.involvedObject : {};
  const pod = stringField(involved, 'name');
  const node = isRecord(fields.source) ? stringField(fields.source, 'host') : undefined;
  if (!low?.[1] || !pod || !node) return [];
  const threshold = low[2] === undefined ? undefined : quantity(low[2]);
  return [...record.message.matchAll(CONTAINER_USING)].flatMap((m) => {
    const using = quantity(m[2] ?? '');
    return using === undefined
      ? []
      : [
          {
            node,
            resource: low[1] as string,
            service: serviceFromPodName(pod),
            container: m[1] as string,
            using,
            threshold,
            record,
          },
        ];
  });
}

/** The hog uses at least this many times what any other evicted container used. */
const DOMINANCE = 10;
const HOG_SCORE = 0.65;

/**
 * The workload that took a node's resource: when the kubelet evicted pods because its node ran low
 * on memory or disk, the container that was using by far the most of it (ten times any other it
 * evicted, or alone more than the eviction threshold's margin) filled the node; the pods it evicted
 * for a few kilobytes and the node that reported the pressure are its victims. The kubelet ranks
 * pods by priority before usage, so the first evicted is often not the one that filled it.
 */
export function findEvictionHogs(patterns: readonly PatternStat[]): BehaviourShift[] {
  const records = new Set<LogRecord>();
  for (const p of patterns) {
    if (p.firstRecord?.style !== 'k8s-event') continue;
    for (const r of [p.firstRecord, ...p.samples, ...p.bucketSamples.values()]) if (r) records.add(r);
  }
  const byNode = new Map<string, Eviction[]>();
  for (const r of records)
    for (const e of evictionOf(r)) {
      const key = `${e.node}\u0000${e.resource}`;
      byNode.set(key, [...(byNode.get(key) ?? []), e]);
    }
  const found = new Map<string, BehaviourShift>();
  for (const evictions of byNode.values()) {
    const hog = evictions.reduce((a, b) => (b.using > a.using ? b : a));
    const others = evictions.filter((e) => e.service !== hog.service);
    const next = Math.max(0, ...others.map((e) => e.using));
    const dominant =
      others.length > 0 ? hog.using >= DOMINANCE * next : hog.using >= (hog.threshold ?? Infinity);
    const faultClass = RESOURCE_CLASS[hog.resource];
    if (!dominant || !faultClass || found.has(hog.service)) continue;
    const victims = [...new Set([hog.node, ...others.map((e) => e.service)])];
    const first = evictions.reduce((a, b) => (b.record.at < a.record.at ? b : a));
    found.set(hog.service, {
      service: hog.service,
      kind: 'neighbour',
      score: HOG_SCORE,
      onset: first.record.at,
      detail: `the kubelet of ${hog.node} evicted pods for lack of ${hog.resource}; ${hog.service}'s container ${hog.container} was using ${formatBytes(hog.using)}${others.length > 0 ? `, the others it evicted at most ${formatBytes(next)}` : ''}`,
      record: hog.record,
      reportedBy: victims,
      names: faultClass,
    });
  }
  return [...found.values()];
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
