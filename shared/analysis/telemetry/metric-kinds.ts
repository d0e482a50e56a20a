import type { TelemetryFaultHint } from './types.ts';

/**
 * What a metric measures, read from its name and unit (CloudWatch, Container Insights, Application
 * Signals, RDS, Lambda, ELB, SQS names): whether it is a resource that can run out (a cause) or a
 * symptom every caller shares (latency, errors, traffic), which way is bad, and its limit.
 */
export interface MetricKind {
  /** A resource running out names its owner; symptoms are shared with the victims. */
  role: 'resource' | 'symptom' | 'load';
  /** The direction that is bad. */
  bad: 'up' | 'down' | 'either';
  /** The value at which the resource is exhausted, when the metric has one. */
  limit: number | null;
  hint: TelemetryFaultHint | null;
  /** What the resource is, for the one-line detail ("CPU", "free storage"). */
  noun: string;
}

interface Rule {
  test: RegExp;
  kind: (unit: string | undefined) => MetricKind;
}

const percentLimit = (unit: string | undefined): number | null =>
  unit === undefined || /percent/i.test(unit) ? 100 : null;

const RULES: Rule[] = [
  {
    test: /free.?(storage|local.?storage|disk|space)|disk.?free|storage.?free|available.?(storage|disk)/i,
    kind: () => ({ role: 'resource', bad: 'down', limit: 0, hint: 'disk_full', noun: 'free storage' }),
  },
  {
    test: /(disk|storage|filesystem|fs|volume).*(used|util)|(used|util).*(disk|storage|filesystem)/i,
    kind: (u) => ({ role: 'resource', bad: 'up', limit: percentLimit(u), hint: 'disk_full', noun: 'disk' }),
  },
  {
    test: /freeable.?memory|memory.?(free|available)|available.?memory/i,
    kind: () => ({ role: 'resource', bad: 'down', limit: 0, hint: 'memory_exhaustion', noun: 'free memory' }),
  },
  {
    test: /swap/i,
    kind: () => ({ role: 'resource', bad: 'up', limit: null, hint: 'memory_exhaustion', noun: 'swap' }),
  },
  {
    // Redis INFO names it used_memory; ElastiCache DatabaseMemoryUsagePercentage.
    test: /mem(ory)?.?(util|usage|used|working.?set|rss)|max.?memory.?used|used.?memory/i,
    kind: (u) => ({
      role: 'resource',
      bad: 'up',
      limit: percentLimit(u),
      hint: 'memory_exhaustion',
      noun: 'memory',
    }),
  },
  {
    test: /cpu.*(throttl)|throttled.?(time|periods)/i,
    kind: () => ({
      role: 'resource',
      bad: 'up',
      limit: null,
      hint: 'cpu_saturation',
      noun: 'CPU throttling',
    }),
  },
  {
    test: /cpu|processor/i,
    kind: (u) => ({
      role: 'resource',
      bad: 'up',
      limit: percentLimit(u),
      hint: 'cpu_saturation',
      noun: 'CPU',
    }),
  },
  {
    test: /connection|conn.?count|curr.?conn|clients/i,
    kind: () => ({
      role: 'resource',
      bad: 'up',
      limit: null,
      hint: 'connection_pool_exhaustion',
      noun: 'connections',
    }),
  },
  {
    // A throttle count is the resource refusing work beyond its limit, counted by the resource
    // itself (DynamoDB ReadThrottleEvents, WriteThrottleEvents and ThrottledRequests, Kinesis
    // WriteProvisionedThroughputExceeded, Lambda Throttles): the limit is its owner's.
    test: /throttl|rate.?exceeded|provisioned.?throughput.?exceeded/i,
    kind: () => ({ role: 'resource', bad: 'up', limit: null, hint: 'throttling', noun: 'throttles' }),
  },
  {
    test: /disk.?queue|io.?wait/i,
    kind: () => ({ role: 'resource', bad: 'up', limit: null, hint: null, noun: 'disk queue' }),
  },
  {
    // A queue's depth or age is the work its consumers have not done yet (SQS
    // ApproximateAgeOfOldestMessage, Kinesis IteratorAge, Kafka consumer lag): a symptom of the
    // consumer or of the producers' load, not a resource that fails by itself.
    test: /oldest.?message|messages.?visible|consumer.?lag|iterator.?age|backlog|queue.?depth/i,
    kind: () => ({ role: 'symptom', bad: 'up', limit: null, hint: 'queue_backlog', noun: 'backlog' }),
  },
  {
    test: /replica.?lag|replication.?lag/i,
    kind: () => ({ role: 'resource', bad: 'up', limit: null, hint: 'other', noun: 'replication lag' }),
  },
  {
    // ElastiCache Evictions and CacheMisses; Redis INFO evicted_keys and keyspace_misses;
    // Memcached evictions and get_misses: keys gone at the memory limit, reads the cache missed.
    test: /evict|cache.?miss|keyspace.?miss|get.?miss/i,
    kind: () => ({ role: 'resource', bad: 'up', limit: null, hint: 'cache_failure', noun: 'cache' }),
  },
  {
    // ElastiCache CacheHitRate and CacheHits; Redis INFO keyspace_hits; Memcached get_hits: reads
    // the cache served, falling when it lost its keys.
    test: /hit.?rate|cache.?hits|keyspace.?hits|get.?hits/i,
    kind: () => ({ role: 'resource', bad: 'down', limit: null, hint: 'cache_failure', noun: 'cache hits' }),
  },
  {
    test: /latency|duration|response.?time|elapsed/i,
    kind: () => ({ role: 'symptom', bad: 'up', limit: null, hint: 'dependency_timeout', noun: 'latency' }),
  },
  {
    test: /error|fault|5xx|4xx|failed|failure|timeout|dead.?letter/i,
    kind: () => ({ role: 'symptom', bad: 'up', limit: null, hint: null, noun: 'errors' }),
  },
];

const LOAD: MetricKind = { role: 'load', bad: 'either', limit: null, hint: null, noun: 'load' };

export function metricKind(metricName: string, unit?: string, stat?: string): MetricKind {
  // A latency's SampleCount is its request count.
  if (stat !== undefined && /^samplecount$/i.test(stat)) return LOAD;
  for (const rule of RULES) if (rule.test.test(metricName)) return rule.kind(unit);
  return LOAD;
}
