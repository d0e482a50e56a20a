import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../../../shared/analysis/analyze.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);
const TRAIL = '/aws/cloudtrail/management';
const ACCOUNT = '210987654321';

/** A CloudTrail record of an IAM call, as a trail delivers it to CloudWatch Logs. */
function iamCall(minutesBeforeAlarm: number, eventName: string, requestParameters: Record<string, unknown>) {
  return line(
    TRAIL,
    minutesBeforeAlarm,
    JSON.stringify({
      eventVersion: '1.09',
      eventTime: new Date(ALARM - minutesBeforeAlarm * MIN).toISOString(),
      eventSource: 'iam.amazonaws.com',
      eventName,
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/infra-pipeline/run-88`,
      },
      requestParameters,
    }),
  );
}

/**
 * A statement printer reads its inputs from S3 with a KMS key; the pipeline detaches the decrypt
 * policy from the printer's task role, and a minute later puts a harmless inline policy on the
 * archive viewer's role. The printer's reads are denied from then on, and the trail records the
 * denied decrypts too.
 */
function detachedPolicy(printerRole: string, namesRole = true) {
  const who = namesRole ? `arn:aws:sts::${ACCOUNT}:assumed-role/${printerRole}/7f1` : 'the task';
  const denied = `An error occurred (AccessDenied) when calling the GetObject operation: User: ${who} is not authorized to perform: kms:Decrypt`;
  return byTime([
    ...spread(
      '/ecs/statement-printer',
      58,
      0,
      290,
      (i) => `INFO printed statement ${i} for account A${i % 40}`,
    ),
    ...spread('/ecs/archive-viewer', 58, 0, 120, (i) => `INFO served archive page ${i}`),
    iamCall(9, 'DetachRolePolicy', {
      roleName: printerRole,
      policyArn: `arn:aws:iam::${ACCOUNT}:policy/statement-inputs-decrypt`,
    }),
    iamCall(8, 'PutRolePolicy', { roleName: 'archive-viewer-task', policyName: 'read-archive' }),
    ...spread('/ecs/statement-printer', 8.8, 0, 80, (i) => `ERROR could not fetch input ${i}: ${denied}`),
    ...spread(TRAIL, 8.7, 0, 12, (i) =>
      JSON.stringify({
        eventVersion: '1.09',
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        eventTime: new Date(ALARM - (8.7 - i * 0.7) * MIN).toISOString(),
        errorCode: 'AccessDenied',
        userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${printerRole}/7f1` },
        requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      }),
    ),
  ]);
}

describe('a change of an account resource belongs to the service that uses it', () => {
  it("is the trigger when it changed the origin's own role, over a later change of another service's role", () => {
    const f = correlate({ events: detachedPolicy('statement-printer-task') }, window);
    expect(f.root?.service).toBe('statement-printer');
    expect(f.classification.faultClass).toBe('permission_denied');
    expect(f.trigger?.change).toMatchObject({ service: 'statement-printer', kind: 'policy' });
    expect(f.trigger?.change.description).toContain('DetachRolePolicy');
  });

  it('is found by the role the origin names in its own lines when the name does not say whose it is', () => {
    const f = correlate({ events: detachedPolicy('svc-0042-runtime') }, window);
    expect(f.root?.service).toBe('statement-printer');
    expect(f.trigger?.change.description).toContain('DetachRolePolicy');
  });

  it("stays the whole account's when no service is known to act as the role", () => {
    const f = correlate({ events: detachedPolicy('svc-0042-runtime', false) }, window);
    expect(f.root?.service).toBe('statement-printer');
    expect(f.trigger?.change.kind).toBe('policy');
    expect(f.trigger?.change.description).toContain('DetachRolePolicy');
  });

  it("keeps the audit trail's records of refused calls out of the affected services", () => {
    const f = correlate({ events: detachedPolicy('statement-printer-task') }, window);
    expect([...f.suspects.keys()]).not.toContain('cloudtrail');
    expect([...f.suspects.keys()]).toContain('statement-printer');
  });
});

/** An RDS event as an EventBridge rule writes it to a log group. */
function rdsEvent(minutesBeforeAlarm: number, categories: string[], message: string, id: string) {
  const at = new Date(ALARM - minutesBeforeAlarm * MIN).toISOString();
  return line(
    '/aws/events/rds',
    minutesBeforeAlarm,
    JSON.stringify({
      version: '0',
      source: 'aws.rds',
      'detail-type': 'RDS DB Instance Event',
      time: at,
      resources: [`arn:aws:rds:eu-west-1:${ACCOUNT}:db:fleetdb-main`],
      detail: {
        EventCategories: categories,
        SourceType: 'DB_INSTANCE',
        SourceIdentifier: 'fleetdb-main',
        Date: at,
        Message: message,
        EventID: id,
      },
    }),
  );
}

describe('a configuration change RDS announces of an instance', () => {
  /**
   * A fleet database's connection limit is lowered through its parameter group; forty minutes
   * later, as the morning's dispatch traffic grows, it refuses new sessions.
   */
  const events = (category: string) =>
    byTime([
      ...spread('/ecs/dispatch-api', 58, 0, 290, (i) => `INFO dispatched truck T${i % 30} on route R${i}`),
      rdsEvent(55, [category], 'Updated parameter max_connections to 90 with apply method immediate', 'E-1'),
      ...spread(
        '/aws/rds/instance/fleetdb-main/postgresql',
        6,
        0,
        40,
        () => 'FATAL:  remaining connection slots are reserved for non-replication superuser connections',
      ),
      ...spread(
        '/ecs/dispatch-api',
        5.9,
        0,
        60,
        (i) => `ERROR dispatch ${i} failed: could not get a database connection from fleetdb-main`,
      ),
    ]);

  it("is the trigger of the instance's fault when its resource ran out over the time since", () => {
    const f = correlate({ events: events('configuration change') }, window);
    expect(f.root?.service).toBe('fleetdb-main');
    expect(f.classification.faultClass).toBe('connection_pool_exhaustion');
    expect(f.trigger?.change).toMatchObject({ service: 'fleetdb-main', kind: 'config' });
    expect(f.trigger?.change.description).toContain('max_connections');
  });

  it('is named in the report as the configuration change it is', () => {
    const alarmEvent = JSON.parse(
      readFileSync(new URL('../../../fixtures/alarms/booking-edge-5xx.json', import.meta.url), 'utf8'),
    );
    const at = new Date(ALARM).toISOString();
    alarmEvent.time = at.replace('.000Z', 'Z');
    alarmEvent.detail.state.timestamp = at.replace('Z', '+0000');
    const result = analyzeIncident({ alarmEvent, events: events('configuration change') });
    if (!result.ok) throw new Error(result.error);
    expect(result.report.rootCause.summary).toContain('after the configuration change to fleetdb-main');
    expect(result.report.forensics.trigger?.hypothesis).toMatch(/^configuration change to fleetdb-main /);
    expect(JSON.stringify(result.report.timeline)).toContain('Configuration change to fleetdb-main');
  });

  it('is no change when its category says something else happened', () => {
    const f = correlate({ events: events('notification') }, window);
    expect(f.root?.service).toBe('fleetdb-main');
    expect(f.trigger?.change.description ?? '').not.toContain('max_connections');
  });
});
