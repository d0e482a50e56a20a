import {
  CloudWatchClient,
  CloudWatchServiceException,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListMetricsCommand,
  type ListMetricsCommandInput,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { periodFor } from '../../../../shared/adapters/aws/cloudwatch-metrics-period.ts';
import { CloudWatchMetricsSource } from '../../../../shared/adapters/aws/cloudwatch-metrics-source.ts';
import { SERVICE_DIMENSIONS } from '../../../../shared/domain/telemetry.ts';
import { ALARM_AT, END, minutes, plainQuery, request, START } from './telemetry-test-helpers.ts';

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());
afterAll(() => cw.restore());

const client = () => new CloudWatchClient({ region: 'us-west-2' });
const source = (options: Partial<ConstructorParameters<typeof CloudWatchMetricsSource>[0]> = {}) =>
  new CloudWatchMetricsSource({ client: client(), now: () => ALARM_AT + 3_600_000, ...options });

const metricDataInputs = (): GetMetricDataCommandInput[] =>
  cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
const listInputs = (): ListMetricsCommandInput[] =>
  cw.commandCalls(ListMetricsCommand).map((c) => c.args[0].input);

/** What the client throws once its retry strategy gives up on a throttled call. */
const throttled = () =>
  new CloudWatchServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400, attempts: 3 },
  });

const LB = { LoadBalancer: 'app/basket-front/9f8e' };
const MATH_ALARM = [
  { id: 'e1', expression: 'm2 / m1 * 100', label: 'basket 5xx rate', returnData: true },
  plainQuery('m1', 'RequestCount', LB, 'Sum'),
  plainQuery('m2', 'HTTPCode_Target_5XX_Count', LB, 'Sum'),
];

describe('CloudWatchMetricsSource', () => {
  it("reads a metric-math alarm's every query in one call, ids kept so the expression resolves", async () => {
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm1', Timestamps: minutes(START, 2), Values: [200, 210], StatusCode: 'Complete' },
        { Id: 'm2', Timestamps: minutes(START, 2), Values: [1, 30], StatusCode: 'Complete' },
        {
          Id: 'e1',
          Label: 'basket 5xx rate',
          Timestamps: minutes(START, 2),
          Values: [0.5, 14.3],
          StatusCode: 'Complete',
        },
      ],
    });
    const telemetry = await source().fetchTelemetry(request(MATH_ALARM));

    const [call] = metricDataInputs();
    expect(call?.StartTime).toEqual(new Date(START));
    expect(call?.EndTime).toEqual(new Date(END));
    expect(call?.MetricDataQueries).toEqual([
      { Id: 'e1', Expression: 'm2 / m1 * 100', Period: 60, ReturnData: true },
      {
        Id: 'm1',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ApplicationELB',
            MetricName: 'RequestCount',
            Dimensions: [{ Name: 'LoadBalancer', Value: LB.LoadBalancer }],
          },
          Period: 60,
          Stat: 'Sum',
        },
        ReturnData: true,
      },
      expect.objectContaining({ Id: 'm2', ReturnData: true }),
    ]);
    expect(
      telemetry.metrics.filter((m) => m.metricName === 'HTTPCode_Target_5XX_Count').map((m) => m.value),
    ).toEqual([1, 30]);
    expect(telemetry.metrics.find((m) => m.namespace === 'MetricMath')).toMatchObject({
      metricName: 'basket 5xx rate',
      dimensions: { Expression: 'm2 / m1 * 100' },
      timestamp: START,
      value: 0.5,
    });
    expect(telemetry.notes).toEqual([]);
  });

  it("finds the services' metrics with ListMetrics, page by page, and asks for them in calls of 500", async () => {
    const many = (prefix: string, n: number): Metric[] =>
      Array.from({ length: n }, (_, i) => ({
        Namespace: 'ECS/ContainerInsights',
        MetricName: `${prefix}${i}`,
        Dimensions: [{ Name: 'ServiceName', Value: 'basket' }],
      }));
    cw.on(ListMetricsCommand).resolves({});
    cw.on(ListMetricsCommand, { Dimensions: [{ Name: 'ServiceName', Value: 'basket' }] })
      .resolvesOnce({ Metrics: many('a', 500), NextToken: 'page-2' })
      .resolvesOnce({ Metrics: many('b', 500), NextToken: 'page-3' })
      .resolvesOnce({ Metrics: [...many('c', 200), ...many('a', 3)] });
    cw.on(ListMetricsCommand, { Dimensions: [{ Name: 'FunctionName', Value: 'basket' }] }).resolves({
      Metrics: [
        {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: 'basket' }],
        },
      ],
    });
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
        Id: q.Id,
        Timestamps: minutes(START, 1),
        Values: [1],
      })),
    }));

    const telemetry = await source({ discovery: { maxSeries: 2000 } }).fetchTelemetry(
      request([], ['basket']),
    );

    // Every service dimension once for the service; the first one followed through its three pages.
    expect(listInputs().map((i) => i.Dimensions?.[0]?.Name)).toEqual([
      'ServiceName',
      'ServiceName',
      'ServiceName',
      ...SERVICE_DIMENSIONS.slice(1),
    ]);
    expect(
      listInputs()
        .map((i) => i.NextToken)
        .slice(0, 3),
    ).toEqual([undefined, 'page-2', 'page-3']);
    expect(metricDataInputs().map((i) => i.MetricDataQueries?.length)).toEqual([500, 500, 201]);
    expect(telemetry.metrics).toHaveLength(1201);
    const errors = telemetry.metrics.find((m) => m.metricName === 'Errors');
    expect(errors).toMatchObject({
      namespace: 'AWS/Lambda',
      stat: 'Sum',
      period: 60,
      dimensions: { FunctionName: 'basket' },
    });
    expect(telemetry.metrics.find((m) => m.metricName === 'a1')?.stat).toBe('Average');
  });

  it('follows NextToken of GetMetricData, a series continuing on the next page', async () => {
    cw.on(ListMetricsCommand).resolves({});
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm1', Timestamps: minutes(START, 2), Values: [5, 6], StatusCode: 'PartialData' },
        ],
        NextToken: 'more',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm1', Timestamps: minutes(START + 120_000, 1), Values: [7], StatusCode: 'Complete' },
        ],
      });
    const telemetry = await source().fetchTelemetry(request([plainQuery('m1', 'TargetResponseTime', LB)]));
    expect(metricDataInputs().map((i) => i.NextToken)).toEqual([undefined, 'more']);
    expect(telemetry.metrics.map((m) => [m.timestamp - START, m.value, m.stat])).toEqual([
      [0, 5, 'p99'],
      [60_000, 6, 'p99'],
      [120_000, 7, 'p99'],
    ]);
  });

  it('drops NaN values and says so, notes series CloudWatch would not return, and keeps the rest', async () => {
    cw.on(ListMetricsCommand).resolves({});
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm1', Timestamps: minutes(START, 4), Values: [1, Number.NaN, 3, Number.POSITIVE_INFINITY] },
        { Id: 'm2', Timestamps: [], Values: [], StatusCode: 'Forbidden' },
        { Id: 'zz', Timestamps: minutes(START, 1), Values: [9] },
      ],
    });
    const telemetry = await source().fetchTelemetry(
      request([
        plainQuery('m1', 'TargetResponseTime', LB),
        plainQuery('m2', 'RequestCount', { LoadBalancer: 'app/other/1' }),
      ]),
    );
    expect(telemetry.metrics.map((m) => m.value)).toEqual([1, 3]);
    expect(telemetry.notes).toEqual([
      '2 datapoint(s) of GetMetricData not used: no finite value (NaN, null or missing).',
      '1 series of GetMetricData not used: status Forbidden.',
    ]);
  });

  it('notes a call that still fails after the SDK gave up retrying, and reads the other batches', async () => {
    cw.on(ListMetricsCommand).resolves({});
    cw.on(ListMetricsCommand, { Dimensions: [{ Name: 'ServiceName', Value: 'basket' }] }).resolves({
      Metrics: [
        {
          Namespace: 'AWS/ECS',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'ServiceName', Value: 'basket' }],
        },
      ],
    });
    cw.on(ListMetricsCommand, { Dimensions: [{ Name: 'Service', Value: 'basket' }] }).rejects(throttled());
    cw.on(GetMetricDataCommand)
      .rejectsOnce(throttled())
      .resolves({ MetricDataResults: [{ Id: 'm0', Timestamps: minutes(START, 1), Values: [64] }] });

    const telemetry = await source().fetchTelemetry(
      request([plainQuery('m1', 'TargetResponseTime', LB)], ['basket']),
    );

    expect(telemetry.metrics.map((m) => [m.metricName, m.value])).toEqual([['CPUUtilization', 64]]);
    expect(telemetry.notes).toEqual([
      'CloudWatch ListMetrics failed for Service=basket (ThrottlingException: Rate exceeded): metric discovery stopped there, 9 further filter(s) not asked.',
      'CloudWatch GetMetricData failed for the alarm metrics (ThrottlingException: Rate exceeded): these series were not read.',
    ]);
  });

  it('bounds the discovery in series and calls, and says where it stopped', async () => {
    cw.on(ListMetricsCommand).callsFake((input: ListMetricsCommandInput) => ({
      Metrics: [
        {
          Namespace: 'X',
          MetricName: `${input.Dimensions?.[0]?.Name}-${input.NextToken ?? 0}`,
          Dimensions: input.Dimensions,
        },
      ],
      NextToken: `${Number(input.NextToken ?? 0) + 1}`,
    }));
    cw.on(GetMetricDataCommand).resolves({});
    const telemetry = await source({ discovery: { maxSeries: 1000, maxListCalls: 4 } }).fetchTelemetry(
      request([], ['basket']),
    );
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(4);
    expect(telemetry.notes).toEqual([
      'Metric discovery stopped at 4 series and 4 ListMetrics call(s) (bounds 1000 and 4): further metrics of the services in play were not read.',
    ]);
  });

  it('stops at the datapoint cap and says what was not read', async () => {
    cw.on(ListMetricsCommand).resolves({});
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 'm1', Timestamps: minutes(START, 5), Values: [1, 2, 3, 4, 5] }],
      NextToken: 'endless',
    });
    const telemetry = await source({ limits: { maxDatapoints: 3, maxSegments: 10 } }).fetchTelemetry(
      request([plainQuery('m1', 'TargetResponseTime', LB)]),
    );
    expect(telemetry.metrics).toHaveLength(3);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    expect(telemetry.notes).toEqual([
      'GetMetricData for the alarm metrics stopped after 1 page(s) (datapoint cap reached): later datapoints were not read.',
      '2 datapoint(s) of GetMetricData not used: over the cap of 3 datapoints.',
    ]);
  });
});

describe('periodFor', () => {
  const day = 86_400_000;
  it('fits the window at one minute while CloudWatch keeps minute data, coarser for long or old windows', () => {
    expect(periodFor(START, END, ALARM_AT)).toBe(60);
    expect(periodFor(START, START + 2 * day, START + 2 * day)).toBe(900);
    expect(periodFor(START, END, START + 20 * day)).toBe(300);
    expect(periodFor(START, END, START + 100 * day)).toBe(3600);
  });
});
