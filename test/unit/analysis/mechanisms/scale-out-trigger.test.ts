import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);
const DB = '/aws/rds/instance/claims-db/postgresql';

/** An ECS UpdateService call Application Auto Scaling made, as CloudTrail records it. */
function updateService(minutes: number, desiredCount: number, runningCount: number) {
  return line(
    '/aws/cloudtrail/management',
    minutes,
    JSON.stringify({
      eventVersion: '1.09',
      eventTime: new Date(ALARM - minutes * MIN).toISOString(),
      eventSource: 'ecs.amazonaws.com',
      eventName: 'UpdateService',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::210987654321:assumed-role/AWSServiceRoleForApplicationAutoScaling_ECSService/AutoScaling',
      },
      requestParameters: { cluster: 'claims', service: 'claims-api', desiredCount },
      responseElements: { service: { serviceName: 'claims-api', desiredCount, runningCount } },
    }),
  );
}

/**
 * An insurer's claims API runs on ECS with a connection pool of 20 per task against a PostgreSQL
 * database allowing 200. A queue of uploads makes the autoscaler double the tasks; the new pools
 * take the last slots and the database refuses the rest.
 */
function incident(scale: { desired: number; running: number }, dbSays: string) {
  return byTime([
    ...spread('/ecs/claims-api', 58, 0, 290, (i) => `INFO POST /claims/${500 + i} 201 in 48 ms`),
    ...spread(
      DB,
      58,
      0,
      58,
      () => '2026-08-11 03:00:00 UTC [812]: LOG:  checkpoint complete: wrote 44 buffers',
    ),
    updateService(7.5, scale.desired, scale.running),
    ...spread(DB, 6.5, 0, 40, (i) => `2026-08-11 03:14:00 UTC [${9000 + i}]: FATAL:  ${dbSays}`),
    ...spread(
      '/ecs/claims-api',
      6.4,
      0,
      60,
      (i) => `ERROR POST /claims/${900 + i} failed: could not open a connection to claims-db`,
    ),
  ]);
}

const SLOTS = 'remaining connection slots are reserved for non-replication superuser connections';

describe('a scale-out of a client of a server that counts its clients', () => {
  it('is what set off the exhaustion of its connection slots', () => {
    const f = correlate({ events: incident({ desired: 16, running: 8 }, SLOTS) }, window);
    expect(f.root?.service).toBe('claims-db');
    expect(f.classification.faultClass).toBe('connection_pool_exhaustion');
    expect(f.trigger?.change).toMatchObject({ kind: 'scale', service: 'claims-api' });
  });

  it('is not a scale-in', () => {
    const f = correlate({ events: incident({ desired: 4, running: 8 }, SLOTS) }, window);
    expect(f.trigger?.change.kind).not.toBe('scale');
  });

  it('sets off nothing else: a scaling action follows load more often than it causes a fault', () => {
    const f = correlate(
      {
        events: incident(
          { desired: 16, running: 8 },
          'could not write to file "pg_wal/xlogtemp.812": No space left on device',
        ),
      },
      window,
    );
    expect(f.trigger?.change.kind).not.toBe('scale');
  });
});
