import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { narrativeInput } from '../../../../shared/analysis/report-build/narrative.ts';
import { fixRecommendations } from '../../../../shared/analysis/synthesis/index.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import type { Telemetry } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, hourly, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);
const DB = '/aws/rds/instance/billing-db/postgresql';

/**
 * A PostgreSQL line with the prefix pgBadger's documentation recommends
 * (`%t [%p]: user=%u,db=%d,app=%a,client=%h `), `minutes` before the alarm.
 */
function pg(minutes: number, pid: number, app: string, text: string): LogEvent {
  const at = new Date(ALARM - minutes * MIN)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  const user = app.replaceAll('-', '_');
  return line(DB, minutes, `${at} [${pid}]: user=${user},db=billing,app=${app},client=10.0.4.7 ${text}`);
}

const SCAN = 'SELECT tenant_id, sum(units) FROM usage_rows WHERE period = $1 GROUP BY tenant_id';

/**
 * A metering company's invoice API and its ledger sync share one PostgreSQL database. An hourly
 * quota recount, routine all through the history, takes a full pass over the usage rows at the
 * turn of the month: the database spends itself on the recount's statements, and the two others
 * time out in words of their own.
 */
function incident(options: { recountStart?: boolean; routineScans?: boolean; apiFailures?: number } = {}) {
  const { recountStart = true, routineScans = false, apiFailures = 70 } = options;
  return byTime([
    ...spread('/ecs/invoice-api', 58, 0, 290, (i) => `INFO GET /invoices/${7100 + i} 200 in 41 ms`),
    ...spread('/ecs/ledger-sync', 58, 0, 116, (i) => `INFO synced ledger batch ${300 + i} (25 entries)`),
    ...spread('/ecs/quota-recount', 58, 10, 4, (i) => `INFO recount ${i} finished: 1200 tenants`),
    ...Array.from({ length: 58 }, (_, i) =>
      pg(58 - i, 900 + i, 'postgres', 'LOG:  checkpoint complete: wrote 96 buffers'),
    ),
    // A slow statement now and then all along: the API's report query.
    ...Array.from({ length: 6 }, (_, i) =>
      pg(
        55 - i * 8,
        1200 + i,
        'invoice-api',
        'LOG:  duration: 612.400 ms  statement: SELECT * FROM invoices WHERE tenant_id = $1',
      ),
    ),
    ...(recountStart
      ? [line('/ecs/quota-recount', 9.2, 'INFO recount started: period 2026-08 over all tenants')]
      : []),
    // The recount's scans: new at the turn of the month, or as often all through the history.
    ...Array.from({ length: routineScans ? 100 : 40 }, (_, i) =>
      pg(
        routineScans ? 58 - i * 0.58 : 8.8 - i * 0.215,
        4400 + i,
        'quota-recount',
        `LOG:  duration: ${(38000 + i * 211).toFixed(3)} ms  statement: ${SCAN}`,
      ),
    ),
    ...Array.from({ length: 5 }, (_, i) =>
      pg(
        7 - i,
        1300 + i,
        'invoice-api',
        `LOG:  duration: ${(4100 + i * 90).toFixed(3)} ms  statement: SELECT * FROM invoices WHERE tenant_id = $1`,
      ),
    ),
    ...spread(
      '/ecs/invoice-api',
      7.5,
      0,
      apiFailures,
      (i) => `ERROR GET /invoices/${8100 + i} failed: query timed out after 5000 ms`,
    ),
    ...spread(
      '/ecs/ledger-sync',
      7.2,
      0,
      30,
      (i) => `ERROR ledger batch ${600 + i} not written: timeout waiting for a database reply`,
    ),
  ]);
}

/** The database's CPU: steady near 35%, at its limit from the recount's first scan on. */
const dbCpu = (): Telemetry => ({
  metrics: hourly(
    {
      namespace: 'AWS/RDS',
      metricName: 'CPUUtilization',
      dimensions: { DBInstanceIdentifier: 'billing-db' },
      stat: 'Average',
      unit: 'Percent',
    },
    (minute) => (minute < 9 ? 98 + (minute % 2) : 33 + (minute % 4)),
  ),
  traces: [],
  notes: [],
});

describe('the client whose statements the database spent itself on', () => {
  it('is the origin its database and the other clients report, with its own start as what set it off', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('quota-recount');
    expect(f.affected.map((a) => a.service)).toEqual(expect.arrayContaining(['invoice-api', 'billing-db']));
    expect(f.trigger?.change.description).toContain('recount started');
    expect(f.trail.steps.map((s) => s.title)).toContain('find_load_holders: ok');
  });

  it("is of the class of what moved in the database's metrics, and says which database it spent", () => {
    const f = correlate({ events: incident() }, window, [], dbCpu());
    expect(f.root?.service).toBe('quota-recount');
    expect(f.classification.faultClass).toBe('cpu_saturation');
    expect(f.classification.spent).toBe('billing-db');
    expect(f.classification.basis).toContain("billing-db's risen slow statements are quota-recount's");
  });

  it('began with its first slow statement when no line of its own says it started', () => {
    const f = correlate({ events: incident({ recountStart: false }) }, window);
    expect(f.root?.service).toBe('quota-recount');
    expect(f.trigger?.change.description).toContain('usage_rows');
  });

  it('is no one whose slow statements ran as often all through the history', () => {
    const f = correlate({ events: incident({ routineScans: true }) }, window);
    expect(f.root?.service).not.toBe('quota-recount');
  });

  it('is no one who fails more than the others it would have starved (its own load, its own fault)', () => {
    // The recount logs its own failures, more than the two others together.
    const own = spread(
      '/ecs/quota-recount',
      8.5,
      0,
      200,
      (i) => `ERROR recount of tenant ${i} failed: query timed out`,
    );
    const f = correlate({ events: byTime([...incident({ apiFailures: 10 }), ...own]) }, window);
    expect(f.trail.steps.map((s) => s.title)).not.toContain('find_load_holders: ok');
  });
});

/** A MySQL slow query log entry of the shop's database, as RDS publishes it, `minutes` before the alarm. */
function slow(minutes: number, user: string, seconds: number, statement: string): LogEvent {
  const at = new Date(ALARM - minutes * MIN).toISOString().replace('Z', '000Z');
  return line(
    '/aws/rds/instance/shop-db/slowquery',
    minutes,
    [
      `# Time: ${at}`,
      `# User@Host: ${user}[${user}] @  [10.0.9.14]  Id: ${Math.round(minutes * 100)}`,
      `# Query_time: ${seconds.toFixed(6)}  Lock_time: 0.000102 Rows_sent: 0  Rows_examined: 1873204`,
      'use shop;',
      `SET timestamp=${Math.floor((ALARM - minutes * MIN) / 1000)};`,
      statement,
    ].join('\n'),
  );
}

/**
 * A web shop's storefront and its order writer share a MySQL database; a price import that runs
 * at night now starts at noon and its unindexed join takes the database for itself.
 */
function shopIncident() {
  return byTime([
    ...spread('/ecs/storefront', 58, 0, 290, (i) => `INFO GET /products/${500 + i} 200 in 35 ms`),
    ...spread('/ecs/order-writer', 58, 0, 116, (i) => `INFO order ${9000 + i} stored`),
    ...Array.from({ length: 5 }, (_, i) =>
      slow(54 - i * 10, 'storefront', 1.2, 'SELECT * FROM products WHERE category_id = 17 ORDER BY rank;'),
    ),
    line('/ecs/price-import', 9.1, 'INFO price import of feed 4471 started (184000 rows)'),
    ...Array.from({ length: 40 }, (_, i) =>
      slow(
        8.8 - i * 0.2,
        'price_import',
        30 + i,
        'UPDATE product_prices pp JOIN price_feed pf ON pf.sku = pp.sku SET pp.amount = pf.amount;',
      ),
    ),
    ...spread(
      '/ecs/storefront',
      7.5,
      0,
      70,
      (i) => `ERROR GET /products/${800 + i} failed: query timed out after 5000 ms`,
    ),
    ...spread(
      '/ecs/order-writer',
      7.2,
      0,
      30,
      (i) => `ERROR order ${9500 + i} not stored: lock wait timeout`,
    ),
  ]);
}

describe('the client whose statements a MySQL database spent itself on', () => {
  it("is read from the slow query log's sessions, its own start what set it off", () => {
    const f = correlate({ events: shopIncident() }, window);
    expect(f.root?.service).toBe('price-import');
    expect(f.affected.map((a) => a.service)).toEqual(expect.arrayContaining(['storefront', 'shop-db']));
    expect(f.trigger?.change.description).toContain('price import of feed 4471 started');
    expect(f.trail.steps.map((s) => s.title)).toContain('find_load_holders: ok');
  });

  it("tells how to see and cap the holder's share in MySQL's words, not PostgreSQL's", () => {
    const f = correlate({ events: shopIncident() }, window);
    const commands = fixRecommendations(narrativeInput(f)).map((x) => x.command ?? '');
    expect(commands.join('\n')).toContain('information_schema.processlist');
    expect(commands.join('\n')).not.toContain('pg_stat_activity');
  });
});
