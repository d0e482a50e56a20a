import { readFileSync } from 'node:fs';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import type { Report } from '../../../shared/domain/report.ts';
import { d02Report } from './helpers.ts';

const ALARM = new URL('../../fixtures/incidents/f02-itinerary-render-cache-leak/alarm.json', import.meta.url);
const ALARM_AT = Date.parse('2026-09-14T08:31:00Z');
const SERVICES = ['payment-service', 'checkout-gateway', 'orders-api', 'inventory-worker'];

/** `n` log events around the f02 alarm: steady traffic, and a memory fault in payment-service. */
function* generatedEvents(n: number): Generator<LogEvent> {
  for (let i = 0; i < n; i++) {
    const at = ALARM_AT - 60 * 60_000 + Math.floor((i / n) * 70 * 60_000);
    const service = SERVICES[i % SERVICES.length] ?? 'payment-service';
    const faulty = at > ALARM_AT - 15 * 60_000 && service === 'payment-service' && i % 3 === 0;
    const message = faulty
      ? `ERROR heap usage ${90_000 + i}Ki of 262144Ki limit, request ${i} for u${i % 100}@example.com`
      : `INFO request ${i} handled in ${i % 300}ms path=/v1/items/${i % 50}`;
    yield {
      logGroup: `/ecs/${service}`,
      logStream: 's1',
      timestamp: at,
      message: `${new Date(at).toISOString()} ${message}`,
    };
  }
}

/** The offline report of a real analysis of `n` generated events. */
export function analyzedReport(n: number): Report {
  const result = analyzeIncident({
    alarmEvent: JSON.parse(readFileSync(ALARM, 'utf8')),
    events: generatedEvents(n),
  });
  if (!result.ok) throw new Error(result.error);
  return result.report;
}

const filler = (i: number, chars: number) =>
  `worker ${i} failed to process batch ${i * 7} on shard shard-${i % 97}: ${'upstream returned an unexpected payload '.repeat(Math.ceil(chars / 40))}`.slice(
    0,
    chars,
  );

/**
 * A report the size 1,000,000 events could make, whatever the analysis caps: thousands of
 * patterns and verbatim lines, long lines, a long timeline, hundreds of affected services.
 */
export function millionEventReport(): Report {
  const r = d02Report();
  const start = Date.parse(r.stats.windowStart);
  r.stats.linesScanned = 1_000_000;
  r.evidence.patterns = Array.from({ length: 5_000 }, (_, i) => ({
    template: `${filler(i, 300)} <*> code=<*>`,
    count: 1_000_000 - i * 150,
    baselineCount: i % 10,
    services: [`svc-${i % 300}`],
  }));
  r.evidence.lines = Array.from({ length: 5_000 }, (_, i) => ({
    at: new Date(start + i * 700).toISOString(),
    logGroup: `/ecs/svc-${i % 300}`,
    service: `svc-${i % 300}`,
    level: 'ERROR' as const,
    text: filler(i, 1_000),
  }));
  r.timeline = Array.from({ length: 2_000 }, (_, i) => ({
    at: new Date(start + i * 1_000).toISOString(),
    service: `svc-${i % 300}`,
    level: 'ERROR' as const,
    title: `New error pattern in svc-${i % 300} (${i} lines)`,
    detail: filler(i, 800),
  }));
  r.affectedServices = [
    ...r.affectedServices,
    ...Array.from({ length: 300 }, (_, i) => ({
      service: `svc-${i}`,
      role: 'worker' as const,
      health: 'degraded' as const,
      impact: filler(i, 400),
      firstSeen: new Date(start + i * 1_000).toISOString(),
      errorCount: 3_000,
    })),
  ];
  r.forensics.propagationPath = [
    ...r.forensics.propagationPath,
    ...Array.from({ length: 300 }, (_, i) => `svc-${i}`),
  ];
  r.similarIncidents = Array.from({ length: 50 }, (_, i) => ({
    incidentId: `INC-${(0x10000000 + i).toString(16)}`,
    title: filler(i, 300),
    similarity: 0.99 - i * 0.01,
    faultClass: 'memory_exhaustion' as const,
    rootCause: filler(i, 1_000),
    occurredAt: '2026-03-01T10:00:00.000Z',
  }));
  return r;
}
