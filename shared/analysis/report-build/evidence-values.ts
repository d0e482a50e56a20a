import type { LogRecord } from '../../domain/log-event.ts';
import type { Findings } from '../correlate/findings.ts';

/**
 * Values a fix command needs that the evidence states: where the services run (namespace,
 * cluster, function, instance, table, queue) and the limits they ran with. Each is the value most
 * lines say; none is guessed.
 */
export interface EvidenceValues {
  namespace?: string;
  cluster?: string;
  /** A Lambda function, from its log group. */
  functionName?: string;
  instanceId?: string;
  table?: string;
  queueUrl?: string;
  /** The container memory limit as logged (`256Mi`), when a line states it. */
  memoryLimit?: string;
  /** A Lambda's configured memory (MB), from its REPORT lines. */
  lambdaMemoryMb?: number;
  autoScalingGroup?: string;
}

/** Metric dimensions that name where a service runs (the alarm's own, and those of moved metrics). */
const DIMENSIONS: ReadonlyArray<
  readonly [string, 'namespace' | 'cluster' | 'functionName' | 'instanceId' | 'table' | 'autoScalingGroup']
> = [
  ['Namespace', 'namespace'],
  ['ClusterName', 'cluster'],
  ['FunctionName', 'functionName'],
  ['InstanceId', 'instanceId'],
  ['TableName', 'table'],
  ['AutoScalingGroupName', 'autoScalingGroup'],
];

/** Where the alarm lives, for a queue URL built from a QueueName dimension. */
export interface AlarmPlace {
  region: string;
  account: string;
}

/** Fills what the logs left unsaid from metric dimensions; the logs' values win. */
export function withDimensions(
  values: EvidenceValues,
  dimensionSets: ReadonlyArray<Readonly<Record<string, string>>>,
  place?: AlarmPlace,
): EvidenceValues {
  const out: EvidenceValues = { ...values };
  for (const dims of dimensionSets) {
    for (const [name, key] of DIMENSIONS) {
      const v = dims[name];
      if (v && out[key] === undefined && /^[A-Za-z0-9_.:/-]{1,255}$/.test(v)) out[key] = v;
    }
    const queue = dims.QueueName;
    if (queue && out.queueUrl === undefined && place && /^[A-Za-z0-9_-]{1,80}(?:\.fifo)?$/.test(queue)) {
      out.queueUrl = `https://sqs.${place.region}.amazonaws.com/${place.account}/${queue}`;
    }
  }
  return out;
}

/** `ns|metric|Dim=a,Other=b|stat` (telemetry series keys) → its dimensions. */
export function dimensionsOfSeriesKey(key: string): Record<string, string> {
  const dims = key.split('|')[2] ?? '';
  const out: Record<string, string> = {};
  for (const pair of dims.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

// Log text is untrusted and these values land in shell commands: every rule admits name
// characters only (no space, quote, `;`, `$` or backtick), so a filled command carries no syntax.
const RULES: ReadonlyArray<readonly [keyof EvidenceValues, RegExp]> = [
  ['namespace', /"namespace(?:_name)?"\s*:\s*"([a-z0-9][a-z0-9-]{0,62})"/],
  ['namespace', /\bnamespace[=:]\s*"?([a-z0-9][a-z0-9-]{0,62})\b/],
  ['cluster', /\bcluster\/([A-Za-z0-9_-]{1,255})\b/],
  ['cluster', /"cluster(?:Name|_name)?"\s*:\s*"([A-Za-z0-9_-]{1,255})"/],
  ['instanceId', /\b(i-[0-9a-f]{8}(?:[0-9a-f]{9})?)\b/],
  ['table', /:table\/([A-Za-z0-9_.-]{3,255})\b/],
  ['table', /"(?:tableName|TableName|table)"\s*:\s*"([A-Za-z0-9_.-]{3,255})"/],
  ['queueUrl', /(https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com\/\d{12}\/[A-Za-z0-9_.-]{1,80})/],
  ['memoryLimit', /\bmemory limit[:= ]\s*(\d+(?:\.\d+)?(?:Ki|Mi|Gi))\b/i],
  ['memoryLimit', /\blimits?[:= ]\s*"?memory"?[:= ]\s*"?(\d+(?:\.\d+)?(?:Mi|Gi))\b/i],
];

const LAMBDA_MEMORY = /\bMemory Size:\s*(\d{2,5})\s*MB\b/;
const LAMBDA_GROUP = /^\/aws\/lambda\/([A-Za-z0-9_-]{1,140})$/;

/** The records worth reading for values: the root's and the affected services' samples and the changes. */
function recordsOf(f: Findings): LogRecord[] {
  const affected = new Set(f.affected.map((a) => a.service));
  const out: LogRecord[] = [];
  for (const p of f.collected.patterns) {
    if (!affected.has(p.service) && p.service !== f.root?.service) continue;
    out.push(...p.samples, ...p.bucketSamples.values());
  }
  for (const c of f.collected.changes) out.push(c.record);
  return out;
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

export function evidenceValues(f: Findings): EvidenceValues {
  const records = recordsOf(f);
  const found = new Map<keyof EvidenceValues, string[]>();
  const lambdaMemory: number[] = [];
  for (const r of records) {
    const text = r.raw.length > 4000 ? r.raw.slice(0, 4000) : r.raw;
    for (const [key, rule] of RULES) {
      const m = rule.exec(text);
      if (m?.[1]) found.set(key, [...(found.get(key) ?? []), m[1]]);
    }
    const mem = LAMBDA_MEMORY.exec(text);
    if (mem?.[1]) lambdaMemory.push(Number(mem[1]));
  }
  const root = f.root?.service;
  const rootLambdaGroup = records
    .filter((r) => r.service === root)
    .map((r) => LAMBDA_GROUP.exec(r.logGroup)?.[1])
    .find((g) => g !== undefined);
  const values: EvidenceValues = {};
  for (const key of ['namespace', 'cluster', 'instanceId', 'table', 'queueUrl', 'memoryLimit'] as const) {
    const v = mostCommon(found.get(key) ?? []);
    if (v) values[key] = v;
  }
  if (rootLambdaGroup) values.functionName = rootLambdaGroup;
  if (lambdaMemory.length > 0) values.lambdaMemoryMb = Math.max(...lambdaMemory);
  return values;
}

/** `256Mi` → `512Mi`: twice a Kubernetes quantity, in the same unit. */
export function doubled(quantity: string): string {
  const m = /^(\d+(?:\.\d+)?)(\D*)$/.exec(quantity);
  if (!m) return quantity;
  const n = Number(m[1]) * 2;
  return `${Number.isInteger(n) ? n : n.toFixed(1)}${m[2] ?? ''}`;
}
