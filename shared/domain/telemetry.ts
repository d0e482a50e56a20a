import * as z from 'zod';

/**
 * One CloudWatch metric datapoint with its metric's identity (CONTRACT.md §1, `metrics.jsonl`): the
 * shape GetMetricData returns, flattened. `value` may be NaN or missing in the wild; such points are
 * rejected here and counted by whoever reads them.
 */
export const metricDatapointSchema = z.object({
  namespace: z.string().min(1).max(512),
  metricName: z.string().min(1).max(512),
  dimensions: z.record(z.string().max(256), z.string().max(1024)).default({}),
  stat: z.string().max(64).default('Average'),
  period: z.number().finite().positive().default(60),
  unit: z.string().max(64).optional(),
  timestamp: z.number().finite(),
  value: z.number().finite(),
});
export type MetricDatapoint = z.infer<typeof metricDatapointSchema>;

/** The identity of a metric series: every datapoint of one series shares it. */
export function metricSeriesKey(
  d: Pick<MetricDatapoint, 'namespace' | 'metricName' | 'dimensions' | 'stat'>,
): string {
  const dims = Object.entries(d.dimensions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${d.namespace}|${d.metricName}|${dims}|${d.stat}`;
}

const httpSchema = z
  .object({
    request: z.object({ method: z.string().optional(), url: z.string().optional() }).partial().optional(),
    response: z.object({ status: z.number().optional() }).partial().optional(),
  })
  .partial();

/** A subsegment of an X-Ray segment document (a call made or a unit of work inside the service). */
export interface TraceSubsegment {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  namespace?: string;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  http?: z.infer<typeof httpSchema>;
  subsegments?: TraceSubsegment[];
}

const subsegmentSchema: z.ZodType<TraceSubsegment> = z.lazy(() =>
  z.object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(512),
    start_time: z.number().finite(),
    end_time: z.number().finite().optional(),
    namespace: z.string().max(64).optional(),
    error: z.boolean().optional(),
    fault: z.boolean().optional(),
    throttle: z.boolean().optional(),
    http: httpSchema.optional(),
    subsegments: z.array(subsegmentSchema).max(1000).optional(),
  }),
);

/**
 * One X-Ray segment document (CONTRACT.md §1, `traces.jsonl`), as BatchGetTraces returns
 * `Segments[].Document` parsed. Times are epoch seconds. Unknown fields are dropped.
 */
export const traceSegmentSchema = z.object({
  trace_id: z.string().min(1).max(128),
  id: z.string().min(1).max(64),
  parent_id: z.string().max(64).optional(),
  name: z.string().min(1).max(512),
  origin: z.string().max(128).optional(),
  start_time: z.number().finite(),
  end_time: z.number().finite().optional(),
  in_progress: z.boolean().optional(),
  error: z.boolean().optional(),
  fault: z.boolean().optional(),
  throttle: z.boolean().optional(),
  http: httpSchema.optional(),
  annotations: z
    .record(z.string().max(256), z.union([z.string().max(2048), z.number(), z.boolean()]))
    .optional(),
  subsegments: z.array(subsegmentSchema).max(1000).optional(),
});
export type TraceSegment = z.infer<typeof traceSegmentSchema>;

/** Metrics and traces of one incident, beside its logs; both may be empty (log-only analysis). */
export interface Telemetry {
  metrics: MetricDatapoint[];
  traces: TraceSegment[];
  /** What the source could not use (malformed lines, caps, failed calls), said in the report. */
  notes: string[];
}

export const EMPTY_TELEMETRY: Telemetry = { metrics: [], traces: [], notes: [] };

/**
 * Dimensions whose value is a service's or a resource's own name, across the namespaces that carry
 * them: AWS/ECS, ECS/ContainerInsights and Application Signals (ServiceName, Service), Container
 * Insights on EKS (Service, PodName), AWS/Lambda (FunctionName), AWS/RDS, AWS/ElastiCache, AWS/SQS,
 * AWS/DynamoDB. ListMetrics is asked across namespaces, so one name finds them all.
 */
export const SERVICE_DIMENSIONS = [
  'ServiceName',
  'Service',
  'FunctionName',
  'TaskDefinitionFamily',
  'PodName',
  'DBInstanceIdentifier',
  'DBClusterIdentifier',
  'CacheClusterId',
  'ReplicationGroupId',
  'QueueName',
  'TableName',
] as const;

/**
 * The namespace a metric-math expression's own results are given (they belong to no namespace),
 * with the expression in their `Expression` dimension: as the CloudWatch fetch writes them and as
 * metrics.jsonl may hold them.
 */
export const EXPRESSION_NAMESPACE = 'MetricMath';
