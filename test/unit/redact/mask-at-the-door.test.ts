import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import { maskEvent, sealReport } from '../../../shared/analysis/redact/index.ts';
import { withPastResolutions } from '../../../shared/analysis/similarity/past-resolutions.ts';
import type { Report } from '../../../shared/domain/report.ts';
import {
  renderChatPayload,
  renderHtml,
  renderMarkdown,
  renderNotification,
} from '../../../shared/report/index.ts';

const ALARM = readFileSync(
  new URL('../../fixtures/incidents/f02-itinerary-render-cache-leak/alarm.json', import.meta.url),
  'utf8',
);
const ALARM_AT = Date.parse('2026-09-14T08:31:00Z');

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImJvYkBleGFtcGxlLmNvbSJ9.Zm9vYmFyYmF6cXV4c2lnbmF0dXJl';
const ACCESS_KEY = 'AKIAZ9Y8X7W6V5U4T3S2';
const SECRETS = [JWT, ACCESS_KEY, 'Xk9!pQ2#long', '203.0.113.45'];

/** A secret placed where the old pipeline cut its text (157-200 characters in), on every failing line. */
function line(i: number, at: number): string {
  const head = `${new Date(at).toISOString()} ERROR worker ${i} ${'x'.repeat(150)} `;
  const secret = SECRETS[i % SECRETS.length] as string;
  const placed = secret.startsWith('Xk9') ? `password=${secret}` : secret;
  return `${head}${placed} OutOfMemoryError: Java heap space`;
}

const dir = mkdtempSync(join(tmpdir(), 'iiq-door-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderReport(): Report {
  writeFileSync(join(dir, 'alarm.json'), ALARM);
  const rows: string[] = [];
  for (let i = 0; i < 40; i++) {
    const at = ALARM_AT - 40 * 60_000 + i * 60_000;
    const failing = at > ALARM_AT - 10 * 60_000;
    rows.push(
      JSON.stringify({
        logGroup: i % 5 === 0 ? `/ecs/payment-service-${ACCESS_KEY}` : '/ecs/payment-service',
        logStream: `s-${JWT}`,
        timestamp: at,
        message: failing ? line(i, at) : `${new Date(at).toISOString()} INFO request ${i} ok`,
      }),
    );
  }
  writeFileSync(join(dir, 'logs.jsonl'), `${rows.join('\n')}\n`);
  const input = new IncidentFolderSource(dir).load();
  const result = analyzeIncident({
    alarmEvent: input.alarmEvent,
    events: input.events,
    sourceNotes: input.notes,
  });
  if (!result.ok) throw new Error(result.error);
  return sealReport(result.report);
}

function leftOf(output: string, secret: string): string | undefined {
  for (let i = 0; i + 8 <= secret.length; i++)
    if (output.includes(secret.slice(i, i + 8))) return secret.slice(i, i + 8);
  return undefined;
}

describe('masking at the door', () => {
  it('masks message, log group and log stream of an event as it is built', () => {
    const event = maskEvent({
      logGroup: `/ecs/${ACCESS_KEY}`,
      logStream: `s-${JWT}`,
      timestamp: 1,
      message: `login failed password=${SECRETS[2]}`,
    });
    expect(event).toEqual({
      logGroup: '/ecs/[REDACTED:aws-access-key]',
      logStream: 's-[REDACTED:jwt]',
      timestamp: 1,
      message: 'login failed password=[REDACTED:password]',
    });
  });

  it('returns the same event when there is nothing to mask', () => {
    const event = { logGroup: '/ecs/a', logStream: 's', timestamp: 1, message: 'GET /health 200' };
    expect(maskEvent(event)).toBe(event);
  });

  it('no part of a secret straddling the old cut reaches any rendering of the report', () => {
    const report = folderReport();
    const outputs = {
      json: JSON.stringify(report),
      markdown: renderMarkdown(report),
      html: renderHtml(report),
      mail: renderNotification(report).text,
      chat: JSON.stringify(renderChatPayload(report, 'https://console.example/incidents/x')),
    };
    for (const [name, output] of Object.entries(outputs)) {
      for (const secret of SECRETS) expect(leftOf(output, secret), `${name}: ${secret}`).toBeUndefined();
    }
    expect(outputs.json).toContain('[REDACTED:');
  });

  it('the self-check runs on the final report and counts what was masked as read', () => {
    const report = folderReport();
    const check = report.quality.checks.find((c) => c.name === 'secrets-redacted');
    expect(check?.passed).toBe(true);
    expect(check?.detail).toMatch(/Masked as read: .*\d+ (jwt|aws-access-key|password)/);
  });

  it('a secret merged in after the analysis (feedback replayed as a fix) is masked by the seal and said', () => {
    const report = folderReport();
    const merged: Report = {
      ...report,
      fixRecommendations: [
        {
          rank: 1,
          title: 'Rotate',
          rationale: 'past fix',
          action: `export AWS_ACCESS_KEY_ID=${'AKIAQWERTYUIOPASDFGH'}`,
        },
        ...report.fixRecommendations.slice(1),
      ],
    };
    const sealed = sealReport(merged);
    expect(JSON.stringify(sealed)).not.toContain('AKIAQWERTYUIOPASDFGH');
    const check = sealed.quality.checks.find((c) => c.name === 'secrets-redacted');
    expect(check?.detail).toContain('masked only in the final report (after a merge): 1 aws-access-key');
    expect(sealed.quality.checks.find((c) => c.name === 'schema-valid')?.passed).toBe(true);
    // Sealing again keeps what the first seal found.
    expect(sealReport(sealed).quality.checks.find((c) => c.name === 'secrets-redacted')?.detail).toBe(
      check?.detail,
    );
  });

  it('a resolution read back from the store is masked before it becomes fix #1', () => {
    const fixes = withPastResolutions(
      [],
      [
        {
          incidentId: 'INC-0a0b0c0d',
          title: 'payment-service OOM',
          similarity: 0.95,
          faultClass: 'memory_exhaustion',
          rootCause: 'heap',
          occurredAt: '2026-03-01T00:00:00.000Z',
          verdict: 'confirmed',
          resolution:
            'restarted with db password=Hunter2Hunter2 and token ghp_abcdefghijklmnopqrstuvwxyz0123456789',
        },
      ],
    );
    expect(fixes[0]?.action).toBe(
      'restarted with db password=[REDACTED:password] and token [REDACTED:api-key]',
    );
  });
});
