import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../../../shared/analysis/analyze.ts';
import { parseReport, type Report } from '../../../../shared/domain/index.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';

const ALARM_EVENT = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../fixtures/alarms/booking-edge-5xx.json', import.meta.url)),
    'utf8',
  ),
) as { detail: { state: { timestamp: string } } };
const AT = Date.parse(ALARM_EVENT.detail.state.timestamp.replace(/\+0000$/, 'Z'));
const MIN = 60_000;

const ev = (logGroup: string, minutesBefore: number, message: string): LogEvent => ({
  logGroup,
  logStream: 'x',
  timestamp: Math.round(AT - minutesBefore * MIN),
  message,
});

function report(events: LogEvent[]): Report {
  const result = analyzeIncident({ alarmEvent: ALARM_EVENT, events });
  if (!result.ok) throw new Error(result.error);
  expect(parseReport(result.report).ok).toBe(true);
  return result.report;
}

describe('incidents of unusual shapes each give a report that says what it could conclude', () => {
  it('ten lines', () => {
    const r = report(
      Array.from({ length: 10 }, (_, i) =>
        ev('/svc/tiny', 9 - i, i < 5 ? `job ${i} ok` : `ERROR job ${i} aborted: input file truncated`),
      ),
    );
    expect(r.stats.linesScanned).toBe(10);
  });

  it('logs with no level words at all', () => {
    const events = Array.from({ length: 300 }, (_, i) =>
      ev(
        '/svc/plain',
        50 - i / 6,
        i > 240 ? `request ${i} could not be completed: backend refused` : `request ${i} completed`,
      ),
    );
    const r = report(events);
    expect(r.rootCause.service === null || r.rootCause.service === 'plain').toBe(true);
  });

  it('a window that begins after the onset: no history before the errors', () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      ev('/svc/late', 4 - i / 15, `ERROR upload ${i} rejected: quota exceeded`),
    );
    const r = report(events);
    expect(JSON.stringify(r)).toMatch(/baseline/i);
  });

  it('clocks skewed by seconds between a database and its caller still blame the database', () => {
    const events: LogEvent[] = [];
    for (let m = 50; m > 0; m -= 0.5) {
      events.push(ev('/svc/orders-api', m, `INFO GET /orders/${Math.round(m * 10)} 200`));
      events.push(ev('/rds/orders-db', m, `LOG:  checkpoint complete: wrote ${Math.round(m * 3)} buffers`));
    }
    for (let m = 6; m > 0; m -= 0.2) {
      // The database's clock runs 4 s behind: its own failure looks later than the caller's report.
      events.push(ev('/rds/orders-db', m - 4 / 60, 'FATAL:  sorry, too many clients already'));
      events.push(
        ev(
          '/svc/orders-api',
          m,
          'ERROR GET /orders failed: remaining connection slots are reserved (orders-db)',
        ),
      );
    }
    expect(report(events).rootCause.service).toBe('orders-db');
  });
});
