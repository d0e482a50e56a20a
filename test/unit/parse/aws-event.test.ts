import { describe, expect, it } from 'vitest';
import { detectChange } from '../../../shared/analysis/correlate/changes/detect-change.ts';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { lineSignals } from '../../../shared/analysis/signals/classify-line.ts';
import { event } from './helpers.ts';

const envelope = (
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
  resources: string[] = [],
) =>
  JSON.stringify({
    version: '0',
    id: 'b1c2',
    'detail-type': detailType,
    source,
    account: '210987654321',
    time: '2026-05-02T08:14:00Z',
    region: 'eu-central-1',
    resources,
    detail,
  });

describe('AWS service events delivered to a log group by EventBridge', () => {
  it('an RDS event belongs to the instance it names, its level from the documented category', () => {
    const line = envelope(
      'aws.rds',
      'RDS DB Instance Event',
      {
        EventCategories: ['low storage'],
        SourceType: 'DB_INSTANCE',
        SourceArn: 'arn:aws:rds:eu-central-1:210987654321:db:ledger-primary',
        Message:
          'The free storage capacity for DB Instance ledger-primary is low at 3% of the provisioned storage.',
        SourceIdentifier: 'ledger-primary',
      },
      ['arn:aws:rds:eu-central-1:210987654321:db:ledger-primary'],
    );
    const record = parseEvent(event(line, { logGroup: '/aws/events/database' }));
    expect(record).toMatchObject({
      style: 'aws-event',
      service: 'ledger-primary',
      level: 'ERROR',
      parsed: true,
    });
    expect(record.message).toContain('free storage capacity');
  });

  it('routine RDS categories stay INFO and a failover is a warning', () => {
    const backup = parseEvent(
      event(
        envelope('aws.rds', 'RDS DB Instance Event', {
          EventCategories: ['backup'],
          SourceIdentifier: 'ledger-primary',
          Message: 'Backing up DB instance',
        }),
      ),
    );
    const failover = parseEvent(
      event(
        envelope('aws.rds', 'RDS DB Cluster Event', {
          EventCategories: ['failover'],
          SourceIdentifier: 'ledger-cluster',
          Message: 'Started cross AZ failover to DB instance: ledger-b',
        }),
      ),
    );
    expect(backup.level).toBe('INFO');
    expect(failover).toMatchObject({ level: 'WARN', service: 'ledger-cluster' });
  });

  it('an ECS task stopped by an exited essential container is an error of its service', () => {
    const record = parseEvent(
      event(
        envelope('aws.ecs', 'ECS Task State Change', {
          group: 'service:checkout-api',
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
        }),
      ),
    );
    expect(record).toMatchObject({ service: 'checkout-api', level: 'ERROR' });
  });

  it.each([
    [[0], 'INFO', 'Essential container in task exited (exit code 0)', false],
    [[0, 137], 'ERROR', 'Essential container in task exited (exit code 0, 137)', true],
    [[2], 'ERROR', 'Essential container in task exited (exit code 2)', true],
  ])(
    'a task whose containers exited %j is %s (ran to completion only with code 0)',
    (codes, level, says, crash) => {
      const record = parseEvent(
        event(
          envelope('aws.ecs', 'ECS Task State Change', {
            group: 'family:ledger-export',
            taskDefinitionArn: 'arn:aws:ecs:eu-central-1:210987654321:task-definition/ledger-export:9',
            lastStatus: 'STOPPED',
            stopCode: 'EssentialContainerExited',
            stoppedReason: 'Essential container in task exited',
            containers: codes.map((exitCode, i) => ({ name: `c${i}`, exitCode, lastStatus: 'STOPPED' })),
          }),
        ),
      );
      expect(record).toMatchObject({ service: 'ledger-export', level });
      expect(record.message).toContain(says);
      expect(lineSignals(record.message).some((s) => s.faultClass === 'crash_loop')).toBe(crash);
    },
  );

  it('an AWS Health issue names the affected entity; an unknown source falls back to its first resource', () => {
    const health = parseEvent(
      event(
        envelope('aws.health', 'AWS Health Event', {
          service: 'EBS',
          eventTypeCategory: 'issue',
          affectedEntities: [{ entityValue: 'vol-0abc123' }],
          eventDescription: [{ latestDescription: 'Degraded performance of the volume' }],
        }),
      ),
    );
    expect(health).toMatchObject({ service: 'vol-0abc123', level: 'ERROR' });
    const other = parseEvent(
      event(
        envelope('aws.glue', 'Glue Job State Change', { state: 'FAILED', jobName: 'nightly' }, [
          'arn:aws:glue:eu-central-1:210987654321:job/nightly',
        ]),
      ),
    );
    expect(other).toMatchObject({ service: 'nightly', level: 'ERROR' });
  });

  it('storage and connection exhaustion in a managed database own words are fault signals', () => {
    const classes = (text: string) => lineSignals(text).map((s) => s.faultClass);
    expect(
      classes('Allocated storage has been exhausted. Allocate additional storage to resolve the issue.'),
    ).toContain('disk_full');
    expect(classes('DB instance ran out of storage space')).toContain('disk_full');
  });

  it('a standalone ECS task belongs to its task definition family, not to the revision number', () => {
    const stopped = parseEvent(
      event(
        envelope('aws.ecs', 'ECS Task State Change', {
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          taskDefinitionArn: 'arn:aws:ecs:eu-central-1:210987654321:task-definition/nightly-export:41',
        }),
      ),
    );
    expect(stopped).toMatchObject({ service: 'nightly-export', level: 'ERROR' });
  });

  it('the start of an ECS service deployment or of a CodeDeploy deployment is a release of that service', () => {
    const deployment = (eventName: string) =>
      parseEvent(
        event(
          envelope(
            'aws.ecs',
            'ECS Deployment State Change',
            {
              eventType: 'INFO',
              eventName,
              deploymentId: 'ecs-svc/4411',
              reason: 'ECS deployment in progress.',
            },
            ['arn:aws:ecs:eu-central-1:210987654321:service/shop/price-engine'],
          ),
        ),
      );
    expect(detectChange(deployment('SERVICE_DEPLOYMENT_IN_PROGRESS'))).toMatchObject({
      kind: 'deploy',
      service: 'price-engine',
    });
    expect(detectChange(deployment('SERVICE_DEPLOYMENT_COMPLETED'))).toBeNull();
    const codeDeploy = (state: string) =>
      parseEvent(
        event(
          envelope('aws.codedeploy', 'CodeDeploy Deployment State-change Notification', {
            application: 'tariffs',
            deploymentGroup: 'tariffs-api',
            deploymentId: 'd-7Q2XK1',
            state,
          }),
        ),
      );
    expect(detectChange(codeDeploy('START'))).toMatchObject({ kind: 'deploy', service: 'tariffs-api' });
    expect(detectChange(codeDeploy('SUCCESS'))?.kind).not.toBe('deploy');
  });

  it('a namespace quota refusing a workload is a configuration limit, not a permission error', () => {
    const classes = (text: string) => lineSignals(text).map((s) => s.faultClass);
    const refused =
      'Error creating: pods "ledger-writer-5f7c9-abcde" is forbidden: exceeded quota: team-quota, requested: cpu=2, used: cpu=9, limited: cpu=10';
    expect(classes(refused)).toContain('config_error');
    expect(classes(refused)).not.toContain('permission_denied');
    expect(classes('GET /admin returned 403 Forbidden')).toContain('permission_denied');
  });

  it('a Spot interruption warning is a warning about the instance, saying what will happen to it', () => {
    const warning = parseEvent(
      event(
        envelope('aws.ec2', 'EC2 Spot Instance Interruption Warning', {
          'instance-id': 'i-0b5d8e2f41c7a9036',
          'instance-action': 'terminate',
        }),
      ),
    );
    expect(warning).toMatchObject({ service: 'i-0b5d8e2f41c7a9036', level: 'WARN' });
    expect(warning.message).toBe('EC2 Spot Instance Interruption Warning: terminate');
  });
});
