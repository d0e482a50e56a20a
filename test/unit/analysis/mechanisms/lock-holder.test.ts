import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);
const DB = '/aws/rds/instance/shop-db/postgresql';

/** An RDS for PostgreSQL log line, with the prefix RDS writes (user@database), `minutes` before the alarm. */
function pg(minutes: number, pid: number, text: string, user = 'shop_admin'): LogEvent {
  const at = new Date(ALARM - minutes * MIN)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return line(DB, minutes, `${at}:10.1.2.3(40112):${user}@shop:[${pid}]:${text}`);
}

const STATEMENT_CANCELLED = (i: number) =>
  `ERROR POST /orders failed: canceling statement due to statement timeout (order=${9500 + i})`;

/**
 * A shop's order API and its database; a migration job starts and alters the orders table, and from
 * then on the API's inserts queue behind its lock: the database logs the waits of the API's
 * sessions, and the API fails in words of its own.
 */
function incident(migratorLines: LogEvent[], apiFailure = STATEMENT_CANCELLED) {
  return byTime([
    ...spread('/ecs/orders-api', 58, 0, 300, (i) => `INFO POST /orders 201 order=${9000 + i} in 18 ms`),
    ...Array.from({ length: 60 }, (_, i) =>
      pg(58 - i * 0.95, 100 + i, 'LOG:  checkpoint complete: wrote 112 buffers'),
    ),
    ...migratorLines,
    ...spread('/ecs/orders-api', 8, 0, 80, apiFailure),
    ...Array.from({ length: 20 }, (_, i) =>
      pg(
        7.9 - i * 0.35,
        4400 + i,
        `LOG:  process ${4400 + i} still waiting for RowExclusiveLock on relation 16402 of database 16384 after 1000.118 ms`,
        'orders_api',
      ),
    ),
  ]);
}

const MIGRATION_STARTS = line(
  '/ecs/schema-migrator',
  9.5,
  'INFO schema-migrator 3.1.0 connecting to shop-db',
);
const ALTERS = line(
  '/ecs/schema-migrator',
  9,
  "INFO applying 0057_fulfilment_state: ALTER TABLE orders ADD COLUMN fulfilment_state text NOT NULL DEFAULT 'new'",
);

describe('the service that took the lock the others wait on', () => {
  it('is the origin, of class database_lock, with its statement as what set it off', () => {
    const f = correlate({ events: incident([MIGRATION_STARTS, ALTERS]) }, window);
    expect(f.root?.service).toBe('schema-migrator');
    expect(f.classification.faultClass).toBe('database_lock');
    expect(f.trigger?.change.description).toContain('ALTER TABLE orders');
    expect(f.affected.map((a) => a.service)).toEqual(expect.arrayContaining(['orders-api']));
  });

  it("is the origin when the client only times out and the database's wait lines name its sessions", () => {
    // The API's own lines say only that it timed out or answered slowly; the edge in front of it blames it.
    const timedOut = (i: number) =>
      `ERROR POST /orders failed after 6000 ms: request timed out (order=${9500 + i})`;
    const slow = spread(
      '/ecs/orders-api',
      8,
      0,
      60,
      (i) => `INFO POST /orders 201 order=${9700 + i} in ${5200 + i} ms`,
    );
    const edge = [
      ...spread('/ecs/web-edge', 58, 0, 200, (i) => `INFO GET /checkout/${i} 200`),
      ...spread(
        '/ecs/web-edge',
        7.8,
        0,
        60,
        (i) => `ERROR GET /checkout/${i}: upstream orders-api returned 504`,
      ),
    ];
    const f = correlate(
      { events: byTime([...incident([MIGRATION_STARTS, ALTERS], timedOut), ...slow, ...edge]) },
      window,
    );
    expect(f.root?.service).toBe('schema-migrator');
    expect(f.classification.faultClass).toBe('database_lock');
  });

  it('is the origin when it is named after the database it migrates', () => {
    // A client called `shop-db-migrate` is a database's client, not the database: its lines are not the database's log.
    const rename = (e: LogEvent) =>
      e.logGroup === '/ecs/schema-migrator' ? { ...e, logGroup: '/ecs/shop-db-migrate' } : e;
    const f = correlate({ events: incident([MIGRATION_STARTS, ALTERS]).map(rename) }, window);
    expect(f.root?.service).toBe('shop-db-migrate');
    expect(f.classification.faultClass).toBe('database_lock');
  });

  it("is the origin when its structured line names the statement in a field, VACUUM's option list included", () => {
    const vacuum = line(
      '/ecs/schema-migrator',
      9,
      JSON.stringify({
        level: 'info',
        msg: 'running',
        table: 'orders',
        stmt: 'VACUUM (FULL, ANALYZE) public.orders',
      }),
    );
    const f = correlate({ events: incident([MIGRATION_STARTS, vacuum]) }, window);
    expect(f.root?.service).toBe('schema-migrator');
    expect(f.classification.faultClass).toBe('database_lock');
  });

  it('has the schedule change that moved its run to this hour as the trigger', () => {
    const moved = line(
      '/aws/cloudtrail/management',
      27,
      JSON.stringify({
        eventVersion: '1.09',
        eventSource: 'scheduler.amazonaws.com',
        eventName: 'UpdateSchedule',
        userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::210987654321:assumed-role/dba/k.ito' },
        requestParameters: { name: 'schema-migrator-weekly', scheduleExpression: 'cron(10 3 ? * TUE *)' },
      }),
    );
    const vacuum = line('/ecs/schema-migrator', 9, 'INFO running VACUUM FULL orders');
    const f = correlate({ events: incident([MIGRATION_STARTS, vacuum, moved]) }, window);
    expect(f.root?.service).toBe('schema-migrator');
    expect(f.trigger?.change.kind).toBe('config');
    expect(f.trigger?.change.description).toContain('UpdateSchedule');
  });

  it('is no one when the job that ran before the waits took no lock', () => {
    const idle = line('/ecs/schema-migrator', 9, 'INFO read 0057_fulfilment_state: nothing to apply');
    const f = correlate({ events: incident([MIGRATION_STARTS, idle]) }, window);
    expect(f.root?.service).not.toBe('schema-migrator');
  });

  it('is no one whose locking statement is routine, logged all through the history', () => {
    const sweeper = spread(
      '/ecs/stock-sweeper',
      58,
      0,
      58,
      (i) => `INFO sweep ${i}: SELECT id FROM reservations WHERE held_until < now() FOR UPDATE`,
    );
    const f = correlate({ events: byTime([...incident([MIGRATION_STARTS]), ...sweeper]) }, window);
    expect(f.root?.service).not.toBe('stock-sweeper');
  });

  it('is no one when its statement came after the waits began', () => {
    const late = line('/ecs/schema-migrator', 6, 'INFO applying 0057: ALTER TABLE orders ADD COLUMN x int');
    const f = correlate({ events: incident([MIGRATION_STARTS, late]) }, window);
    expect(f.root?.service).not.toBe('schema-migrator');
  });
});
