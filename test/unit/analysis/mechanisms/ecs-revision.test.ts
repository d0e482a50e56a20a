import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);
const EVENTS = '/aws/events/ecs';
const ACCOUNT = '210987654321';
const at = (minutes: number) => new Date(ALARM - minutes * MIN).toISOString().replace(/\.\d+Z$/, 'Z');

/** An ECS event as an EventBridge rule writes it to a log group. */
function ecsEvent(
  minutes: number,
  detailType: string,
  resource: string,
  detail: Record<string, unknown>,
): LogEvent {
  return line(
    EVENTS,
    minutes,
    JSON.stringify({
      version: '0',
      id: `e-${detailType}-${minutes}`,
      'detail-type': detailType,
      source: 'aws.ecs',
      account: ACCOUNT,
      time: at(minutes),
      region: 'eu-west-1',
      resources: [resource],
      detail,
    }),
  );
}

const SERVICE_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/rewards/points-api`;

function taskStarted(minutes: number, revision: number): LogEvent {
  return ecsEvent(
    minutes,
    'ECS Task State Change',
    `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/rewards/t${minutes}`,
    {
      group: 'service:points-api',
      taskDefinitionArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/points-api:${revision}`,
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
    },
  );
}

/**
 * A loyalty programme's points API is deployed on ECS; the deployment's event names only the
 * deployment, and its new tasks run revision 42 of the task definition, whose image writes to a
 * column the database does not have yet. Routine task replacements ran revision 41 before.
 */
function incident(options: { newRevision?: number } = {}) {
  const { newRevision = 42 } = options;
  return byTime([
    ...spread('/ecs/points-api', 58, 0, 290, (i) => `INFO credited 40 points to member ${3100 + i}`),
    taskStarted(50, 41),
    taskStarted(31, 41),
    ecsEvent(10, 'ECS Deployment State Change', SERVICE_ARN, {
      eventType: 'INFO',
      eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS',
      deploymentId: 'ecs-svc/4471920364518830112',
      reason: 'ECS deployment ecs-svc/4471920364518830112 in progress.',
    }),
    taskStarted(9.2, newRevision),
    taskStarted(9.0, newRevision),
    ...spread(
      '/ecs/points-api',
      8.5,
      0,
      60,
      (i) =>
        `ERROR crediting member ${4100 + i} failed: column "tier_code" of relation "ledger" does not exist`,
    ),
  ]);
}

describe('the revision an ECS deployment rolled out', () => {
  it('is the task definition its first new tasks run, named in the trigger', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('points-api');
    expect(f.trigger?.change.kind).toBe('deploy');
    expect(f.trigger?.change.version).toBe('points-api:42');
  });

  it('is not a revision the service already ran before the deployment', () => {
    const f = correlate({ events: incident({ newRevision: 41 }) }, window);
    expect(f.trigger?.change.kind).toBe('deploy');
    expect(f.trigger?.change.version).toBeUndefined();
  });

  it('is the task definition an UpdateService call names, as CloudTrail records it', () => {
    const call = line(
      '/aws/cloudtrail/management',
      10,
      JSON.stringify({
        eventVersion: '1.09',
        eventTime: at(10),
        eventSource: 'ecs.amazonaws.com',
        eventName: 'UpdateService',
        userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/run-12` },
        requestParameters: { cluster: 'rewards', service: 'points-api', taskDefinition: 'points-api:42' },
      }),
    );
    const events = incident().filter((e) => e.logGroup !== EVENTS);
    const f = correlate({ events: byTime([...events, call]) }, window);
    expect(f.trigger?.change.kind).toBe('deploy');
    expect(f.trigger?.change.version).toBe('points-api:42');
  });

  it("is where a one-off task that announces its own start began: the platform's record of it", () => {
    // A run-once re-scoring task started by hand; its process says its version a minute later.
    const oneOff = ecsEvent(
      9.5,
      'ECS Task State Change',
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/rewards/r1`,
      {
        group: 'family:points-rescore',
        taskDefinitionArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/points-rescore:7`,
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
      },
    );
    const events = byTime([
      ...spread('/ecs/points-api', 58, 0, 290, (i) => `INFO credited 40 points to member ${3100 + i}`),
      oneOff,
      line('/ecs/points-rescore', 8.5, 'INFO points-rescore starting version=1.4.0 segments=16'),
      ...spread(
        '/ecs/points-rescore',
        8,
        0,
        40,
        (i) => `ERROR rescoring member ${i} failed: invalid literal for int() with base 10: 'n/a'`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('points-rescore');
    expect(f.trigger?.change).toMatchObject({ kind: 'deploy', version: '1.4.0' });
    expect(f.trigger?.change.record.raw).toContain('points-rescore:7');
  });
});
