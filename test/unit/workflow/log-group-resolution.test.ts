import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/domain/alarm.ts';
import { resolveLogGroups } from '../../../shared/workflow/log-group-resolution.ts';

function alarm(
  dimensions: Record<string, string> | null,
  name = 'payments-high-5xx',
  namespace = 'AWS/ECS',
): Alarm {
  return {
    name,
    arn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    region: 'eu-west-1',
    account: '123456789012',
    reason: 'Threshold Crossed',
    triggeredAt: '2026-04-08T14:43:00.000Z',
    metric: dimensions === null ? null : { namespace, name: 'Errors', dimensions },
  };
}

describe('resolveLogGroups from metric dimensions', () => {
  it('maps FunctionName to the Lambda log group', () => {
    expect(resolveLogGroups({ alarm: alarm({ FunctionName: 'checkout' }, 'x', 'AWS/Lambda') })).toStrictEqual(
      {
        logGroups: ['/aws/lambda/checkout'],
        reasons: [
          "/aws/lambda/checkout: from the alarm's metric dimension FunctionName=checkout (Lambda function log group)",
        ],
      },
    );
  });

  it('maps an ECS ServiceName (with its cluster) to /ecs/<service>', () => {
    const result = resolveLogGroups({
      alarm: alarm({ ClusterName: 'prod', ServiceName: 'payments-worker' }),
    });

    expect(result).toStrictEqual({
      logGroups: ['/ecs/payments-worker'],
      reasons: [
        "/ecs/payments-worker: from the alarm's metric dimension ServiceName=payments-worker (ECS service in cluster prod)",
      ],
    });
  });

  it('maps ServiceName under ECS Container Insights too, but not under another AWS namespace', () => {
    expect(
      resolveLogGroups({ alarm: alarm({ ServiceName: 'api' }, 'x', 'ECS/ContainerInsights') }).logGroups,
    ).toStrictEqual(['/ecs/api']);
    expect(
      resolveLogGroups({ alarm: alarm({ ServiceName: 'api' }, 'x', 'AWS/AppRunner') }).logGroups,
    ).toStrictEqual([]);
  });

  it('maps a Service dimension to /ecs/<service>', () => {
    const result = resolveLogGroups({ alarm: alarm({ Service: 'coupon-cache' }, 'x', 'Custom/App') });

    expect(result.logGroups).toStrictEqual(['/ecs/coupon-cache']);
    expect(result.reasons).toStrictEqual([
      "/ecs/coupon-cache: from the alarm's metric dimension Service=coupon-cache (service log group)",
    ]);
  });

  it('maps ApiId and Stage to the API Gateway execution log group', () => {
    const result = resolveLogGroups({
      alarm: alarm({ ApiId: 'a1b2c3', Stage: 'prod' }, 'x', 'AWS/ApiGateway'),
    });

    expect(result.logGroups).toStrictEqual(['API-Gateway-Execution-Logs_a1b2c3/prod']);
  });

  it('explains why an API named only by ApiName gets no group, and needs a Stage for any', () => {
    const byName = resolveLogGroups({
      alarm: alarm({ ApiName: 'orders', Stage: 'prod' }, 'x', 'AWS/ApiGateway'),
    });
    const noStage = resolveLogGroups({ alarm: alarm({ ApiId: 'a1b2c3' }, 'x', 'AWS/ApiGateway') });

    expect(byName.logGroups).toStrictEqual([]);
    expect(byName.reasons).toHaveLength(2);
    expect(byName.reasons[1]).toContain('API orders (stage prod)');
    expect(byName.reasons[1]).toContain('API-Gateway-Execution-Logs_<rest-api-id>/prod');
    expect(noStage.logGroups).toStrictEqual([]);
  });

  it('maps DBInstanceIdentifier to the RDS postgresql and error logs', () => {
    const result = resolveLogGroups({ alarm: alarm({ DBInstanceIdentifier: 'orders-db' }, 'x', 'AWS/RDS') });

    expect(result.logGroups).toStrictEqual([
      '/aws/rds/instance/orders-db/postgresql',
      '/aws/rds/instance/orders-db/error',
    ]);
    expect(result.reasons).toHaveLength(2);
  });

  it('combines several dimensions in a fixed order without duplicates', () => {
    const result = resolveLogGroups({
      alarm: alarm({ Service: 'api', ServiceName: 'api', FunctionName: 'f' }, 'x', 'Custom/App'),
    });

    expect(result.logGroups).toStrictEqual(['/aws/lambda/f', '/ecs/api']);
    expect(result.reasons).toHaveLength(2);
    expect(result.reasons[1]).toContain('ServiceName=api');
  });
});

describe('resolveLogGroups precedence', () => {
  const everySource = {
    alarm: alarm({ FunctionName: 'from-dimension' }, 'payments-high-5xx'),
    alarmTags: { 'incidentiq:log-groups': '/from/tag' },
    stageConfig: {
      alarmLogGroups: { 'payments-*': ['/from/prefix'], 'payments-high-*': ['/from/longer-prefix'] },
      defaultLogGroups: ['/from/default'],
    },
    explicit: ['/from/explicit-1', ' /from/explicit-2 ', '/from/explicit-1'],
  };

  it('prefers the explicit list, trimmed and deduplicated, over everything', () => {
    expect(resolveLogGroups(everySource)).toStrictEqual({
      logGroups: ['/from/explicit-1', '/from/explicit-2'],
      reasons: [
        '/from/explicit-1: named explicitly (--log-groups)',
        '/from/explicit-2: named explicitly (--log-groups)',
      ],
    });
  });

  it('then the stage configuration: an exact alarm name before any prefix', () => {
    const result = resolveLogGroups({
      ...everySource,
      explicit: [],
      stageConfig: {
        alarmLogGroups: { ...everySource.stageConfig.alarmLogGroups, 'payments-high-5xx': ['/from/exact'] },
      },
    });

    expect(result).toStrictEqual({
      logGroups: ['/from/exact'],
      reasons: ["/from/exact: the stage configuration maps alarm 'payments-high-5xx' to it"],
    });
  });

  it('then the longest matching prefix', () => {
    const result = resolveLogGroups({ ...everySource, explicit: undefined });

    expect(result).toStrictEqual({
      logGroups: ['/from/longer-prefix'],
      reasons: ["/from/longer-prefix: the stage configuration maps alarms matching 'payments-high-*' to it"],
    });
  });

  it('does not treat a key without * as a prefix', () => {
    const result = resolveLogGroups({
      alarm: alarm({}, 'payments-high-5xx'),
      stageConfig: { alarmLogGroups: { payments: ['/wrong'], 'pay*': ['/right'] } },
    });

    expect(result.logGroups).toStrictEqual(['/right']);
  });

  it('then the incidentiq:log-groups tag, comma-separated', () => {
    const result = resolveLogGroups({
      ...everySource,
      explicit: undefined,
      stageConfig: { alarmLogGroups: { 'orders-*': ['/other'] }, defaultLogGroups: ['/from/default'] },
      alarmTags: { 'incidentiq:log-groups': ' /ecs/a, /ecs/b ,,/ecs/a', team: 'payments' },
    });

    expect(result).toStrictEqual({
      logGroups: ['/ecs/a', '/ecs/b'],
      reasons: [
        '/ecs/a: from the alarm tag incidentiq:log-groups',
        '/ecs/b: from the alarm tag incidentiq:log-groups',
      ],
    });
  });

  it('then the metric dimensions, before the stage defaults', () => {
    const result = resolveLogGroups({
      alarm: everySource.alarm,
      alarmTags: { team: 'payments' },
      stageConfig: { defaultLogGroups: ['/from/default'] },
    });

    expect(result.logGroups).toStrictEqual(['/aws/lambda/from-dimension']);
  });

  it('falls back to the stage defaults', () => {
    const result = resolveLogGroups({
      alarm: alarm(null),
      stageConfig: { defaultLogGroups: ['/from/default', '/from/default'] },
    });

    expect(result).toStrictEqual({
      logGroups: ['/from/default'],
      reasons: [
        '/from/default: a default log group of the stage configuration (nothing more specific names one)',
      ],
    });
  });

  it('says why when no source names a group', () => {
    const result = resolveLogGroups({ alarm: alarm(null, 'lonely') });

    expect(result.logGroups).toStrictEqual([]);
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatch(/^No log group found for alarm 'lonely'/);
  });
});
