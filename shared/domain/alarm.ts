import * as z from 'zod';
import { awsTimestampSchema, isoTimestampSchema, normalizeTimestamp } from './timestamp.ts';
import { formatIssues } from './validation-message.ts';

/**
 * The EventBridge "CloudWatch Alarm State Change" event, exactly as AWS delivers it (CONTRACT.md §1),
 * and the report's `alarm` object made from it. Schemas are loose: fields AWS adds are kept.
 */

export const ALARM_DETAIL_TYPE = 'CloudWatch Alarm State Change';
export const ALARM_EVENT_SOURCE = 'aws.cloudwatch';
export const ALARM_STATE_VALUES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

export const alarmStateSchema = z.looseObject({
  value: z.enum(ALARM_STATE_VALUES),
  reason: z.string(),
  /** A JSON document as a string (datapoints, threshold, …). */
  reasonData: z.string().optional(),
  timestamp: awsTimestampSchema,
});
export type AlarmState = z.infer<typeof alarmStateSchema>;

export const metricDimensionsSchema = z.record(z.string(), z.string());

export const eventMetricStatSchema = z.looseObject({
  metric: z.looseObject({
    namespace: z.string().min(1),
    name: z.string().min(1),
    dimensions: metricDimensionsSchema.default({}),
  }),
  period: z.number().positive().optional(),
  stat: z.string().min(1).optional(),
  unit: z.string().optional(),
});

/** One entry of `detail.configuration.metrics`: a metric (`metricStat`) or a metric-math `expression`. */
export const eventMetricQuerySchema = z
  .looseObject({
    id: z.string().optional(),
    metricStat: eventMetricStatSchema.optional(),
    expression: z.string().min(1).optional(),
    label: z.string().optional(),
    returnData: z.boolean().optional(),
  })
  .refine((q) => q.metricStat !== undefined || q.expression !== undefined, {
    error: 'a metric query needs metricStat or expression',
  });

export const alarmStateChangeEventSchema = z.looseObject({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.literal(ALARM_DETAIL_TYPE),
  source: z.literal(ALARM_EVENT_SOURCE),
  account: z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id' }),
  time: awsTimestampSchema,
  region: z.string().min(1),
  resources: z.array(z.string()),
  detail: z.looseObject({
    alarmName: z.string().min(1),
    state: alarmStateSchema,
    previousState: alarmStateSchema,
    configuration: z.looseObject({
      description: z.string().nullish(),
      /** Absent for composite alarms, which carry `alarmRule` instead. */
      metrics: z.array(eventMetricQuerySchema).optional(),
    }),
  }),
});
export type AlarmStateChangeEvent = z.infer<typeof alarmStateChangeEventSchema>;

/** The metric an alarm watches, as the report shows it. */
export const alarmMetricSchema = z.looseObject({
  namespace: z.string().min(1),
  name: z.string().min(1),
  dimensions: metricDimensionsSchema,
  stat: z.string().optional(),
  period: z.number().positive().optional(),
});
export type AlarmMetric = z.infer<typeof alarmMetricSchema>;

/** The report's `alarm` (stable, CONTRACT.md §2). `triggeredAt` is the state-change time in UTC. */
export const alarmSchema = z.looseObject({
  name: z.string().min(1),
  arn: z.string().min(1),
  region: z.string().min(1),
  account: z.string().min(1),
  reason: z.string(),
  triggeredAt: isoTimestampSchema,
  /** Null for composite alarms and metric-math alarms without a plain metric. */
  metric: alarmMetricSchema.nullable(),
});
export type Alarm = z.infer<typeof alarmSchema>;

function alarmArn(event: AlarmStateChangeEvent): string {
  return (
    event.resources.find((r) => r.startsWith('arn:') && r.includes(':alarm:')) ??
    `arn:aws:cloudwatch:${event.region}:${event.account}:alarm:${event.detail.alarmName}`
  );
}

/** The watched metric: the first plain metric that returns data, else the first plain metric. */
function watchedMetric(event: AlarmStateChangeEvent): AlarmMetric | null {
  const queries = event.detail.configuration.metrics ?? [];
  const withStat = queries.filter((q) => q.metricStat !== undefined);
  const chosen = withStat.find((q) => q.returnData !== false) ?? withStat[0];
  const stat = chosen?.metricStat;
  if (!stat) return null;
  return {
    namespace: stat.metric.namespace,
    name: stat.metric.name,
    dimensions: { ...stat.metric.dimensions },
    ...(stat.stat === undefined ? {} : { stat: stat.stat }),
    ...(stat.period === undefined ? {} : { period: stat.period }),
  };
}

/** The report's `alarm` object of a validated event. */
export function toAlarm(event: AlarmStateChangeEvent): Alarm {
  return {
    name: event.detail.alarmName,
    arn: alarmArn(event),
    region: event.region,
    account: event.account,
    reason: event.detail.state.reason,
    triggeredAt: normalizeTimestamp(event.detail.state.timestamp) ?? event.detail.state.timestamp,
    metric: watchedMetric(event),
  };
}

export type AlarmEventParseResult =
  | { ok: true; event: AlarmStateChangeEvent; alarm: Alarm }
  | { ok: false; error: string };

const SUBJECT = 'Invalid CloudWatch alarm event';

/**
 * Validates an alarm event (an object, or its JSON text) and maps it to the report's `alarm`.
 * Never throws: on failure `error` lists every missing or invalid field by path.
 */
export function parseAlarmEvent(input: unknown): AlarmEventParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return {
        ok: false,
        error: `${SUBJECT}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      };
    }
  }
  const parsed = alarmStateChangeEventSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { ok: false, error: formatIssues(SUBJECT, parsed.error) };
  return { ok: true, event: parsed.data, alarm: toAlarm(parsed.data) };
}
