import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);
const PATHS = ['/admin/teams', '/admin/roles', '/static/admin.css'];

/** An nginx access line of the back office, `minutes` before the alarm. */
function access(minutes: number, request: string, status: number) {
  const time = new Date(ALARM - minutes * MIN).toISOString().slice(11, 19);
  return line(
    '/ecs/back-office',
    minutes,
    `10.2.0.7 - - [11/Aug/2026:${time} +0000] "${request} HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"`,
  );
}

/** Staff without the right role get 403s all along; a ledger service fails in the incident window. */
function incident(extra: ReturnType<typeof access>[]) {
  return byTime([
    ...Array.from({ length: 120 }, (_, i) => access(58 - i * 0.48, `GET /admin/page/${i % 7}`, 200)),
    ...Array.from({ length: 24 }, (_, i) => access(57 - i * 2.3, `GET ${PATHS[i % 3]}`, 403)),
    ...spread('/ecs/ledger', 58, 0, 240, (i) => `INFO posted entry ${i}`),
    ...spread('/ecs/ledger', 6, 0, 40, (i) => `ERROR posting entry ${900 + i} failed: disk quota exceeded`),
    ...extra,
  ]);
}

describe('a request path not seen before, answered with a status its service already gave', () => {
  it('is noise when that status comes no more often than before', () => {
    const invites = Array.from({ length: 5 }, (_, i) => access(9 - i * 2, 'POST /admin/teams/invite', 403));
    const f = correlate({ events: incident(invites) }, window);
    expect(f.root?.service).toBe('ledger');
    expect(f.affected.map((a) => a.service)).not.toContain('back-office');
  });

  it('is an anomaly when the status itself is new', () => {
    const failing = Array.from({ length: 8 }, (_, i) => access(4 - i * 0.4, 'POST /admin/teams/invite', 502));
    const f = correlate({ events: incident(failing) }, window);
    expect(f.affected.map((a) => a.service)).toContain('back-office');
  });
});
