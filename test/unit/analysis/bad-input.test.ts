import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import { type AnalyzeInput, analyzeIncident } from '../../../shared/analysis/analyze.ts';
import { parseReport, type Report } from '../../../shared/domain/index.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import { renderHtml } from '../../../shared/report/index.ts';

const ALARM_PATH = fileURLToPath(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url));
const ALARM_TEXT = readFileSync(ALARM_PATH, 'utf8');

/** A fresh copy of the booking-edge alarm event (ALARM at 2026-04-08T14:43:00Z), to break as a test needs. */
function alarmEvent(): Record<string, unknown> & {
  detail: Record<string, unknown> & { state: { value: string } };
} {
  return JSON.parse(ALARM_TEXT);
}

const ALARM_AT = Date.parse('2026-04-08T14:43:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function ev(logGroup: string, timestamp: number, message: string): LogEvent {
  return { logGroup, logStream: `${logGroup.slice(1)}/1`, timestamp, message };
}

/** 30 minutes of healthy coupon-service traffic in the baseline (before the incident window). */
function baseline(): LogEvent[] {
  return Array.from({ length: 30 }, (_, i) =>
    ev(
      '/ecs/coupon-service',
      ALARM_AT - 50 * MIN + i * MIN,
      `INFO coupon-service request ${i} handled in ${10 + i} ms`,
    ),
  );
}

function analyze(input: Partial<AnalyzeInput>): ReturnType<typeof analyzeIncident> {
  return analyzeIncident({ alarmEvent: alarmEvent(), events: [], ...input });
}

/** Analyzes, asserts a report came out and that it passes the contract schema. */
function report(input: Partial<AnalyzeInput>): Report {
  const result = analyze(input);
  if (!result.ok) throw new Error(`expected a report, got: ${result.error}`);
  const schema = parseReport(result.report);
  expect(schema.ok, schema.ok ? '' : schema.error).toBe(true);
  expect(result.report.quality.checks.find((c) => c.name === 'schema-valid')?.passed).toBe(true);
  return result.report;
}

function limitationsOf(r: Report): string[] {
  const value = (r as Record<string, unknown>).limitations;
  expect(Array.isArray(value)).toBe(true);
  return value as string[];
}

function expectInconclusive(r: Report): void {
  expect(r.inconclusive).toBe(true);
  expect(r.rootCause.service).toBeNull();
  expect(r.rootCause.faultClass).toBe('unknown');
}

describe('analyzeIncident: a malformed or wrong alarm is a clear error, not a report', () => {
  it('an alarm event without detail', () => {
    const alarm = alarmEvent();
    delete (alarm as Record<string, unknown>).detail;
    const result = analyze({ alarmEvent: alarm, events: baseline() });
    expect(result).toEqual({
      ok: false,
      error: 'Invalid CloudWatch alarm event: detail is missing (expected object)',
    });
  });

  it('an event of another detail-type', () => {
    const alarm = alarmEvent();
    alarm['detail-type'] = 'EC2 Instance State-change Notification';
    const result = analyze({ alarmEvent: alarm });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^Invalid CloudWatch alarm event: /);
    expect(result.error).toContain('detail-type must be "CloudWatch Alarm State Change"');
    expect(result.error).toContain('"EC2 Instance State-change Notification"');
  });

  it('an alarm event that is not JSON, or not an object', () => {
    const text = analyze({ alarmEvent: '{"version": "0", ' });
    expect(text.ok).toBe(false);
    if (!text.ok) expect(text.error).toMatch(/^Invalid CloudWatch alarm event: not valid JSON \(.+\)$/);
    const nothing = analyze({ alarmEvent: null });
    expect(nothing).toEqual({
      ok: false,
      error: 'Invalid CloudWatch alarm event: (root) must be an object, got null',
    });
  });

  it('a change to OK is refused: it is not an ALARM change', () => {
    const alarm = alarmEvent();
    alarm.detail.state.value = 'OK';
    expect(analyze({ alarmEvent: alarm, events: baseline() })).toEqual({
      ok: false,
      error: 'The event is a change to OK, not to ALARM: there is no incident to analyze.',
    });
    alarm.detail.state.value = 'INSUFFICIENT_DATA';
    const insufficient = analyze({ alarmEvent: alarm });
    expect(insufficient.ok).toBe(false);
    if (!insufficient.ok) expect(insufficient.error).toContain('not to ALARM');
  });

  it('accepts the same alarm event given as its JSON text', () => {
    const r = report({ alarmEvent: ALARM_TEXT });
    expect(r.alarm.name).toBe('booking-edge-5xx');
    expect(r.alarm.triggeredAt).toBe('2026-04-08T14:43:00.000Z');
  });
});

describe('analyzeIncident: logs that say nothing still give a report that says why', () => {
  it('no events at all: inconclusive, no line in the incident window', () => {
    const r = report({ events: [] });
    expectInconclusive(r);
    expect(limitationsOf(r)).toContain('No log line falls in the incident window.');
    expect(r.stats).toMatchObject({ linesScanned: 0, linesUnparsed: 0, logGroups: [] });
    expect(r.stats.windowStart).toBe('2026-04-08T13:43:00.000Z');
    expect(r.stats.windowEnd).toBe('2026-04-08T14:53:00.000Z');
    expect(r.evidence.lines).toEqual([]);
    expect(r.affectedServices).toEqual([]);
  });

  it('source notes come first in the limitations', () => {
    const r = report({ sourceNotes: ['2 line(s) of logs.jsonl rejected: not valid JSON.'] });
    expect(limitationsOf(r)[0]).toBe('2 line(s) of logs.jsonl rejected: not valid JSON.');
  });

  it('errors two days before the alarm: counted, outside the windows, not used', () => {
    const events = [0, 1, 2].map((i) =>
      ev(
        '/ecs/coupon-service',
        ALARM_AT - 48 * HOUR + i * 1000,
        'ERROR java.lang.OutOfMemoryError: Java heap space',
      ),
    );
    const r = report({ events });
    expectInconclusive(r);
    expect(r.stats.linesScanned).toBe(3);
    expect(r.stats.logGroups).toEqual([]);
    expect(limitationsOf(r)).toContain('No log line falls in the incident window.');
    expect(limitationsOf(r)).toContain('3 line(s) fall outside the analysis windows and were not used.');
    const mined = r.reasoningTrail.find((s) => s.kind === 'OBSERVATION' && s.tool === 'mine_templates');
    expect(mined?.detail).toContain('3 lines scanned (0 unparsed, 3 outside the windows)');
  });

  it('errors two days after the alarm: counted, outside the windows, not used', () => {
    const events = [0, 1, 2, 3].map((i) =>
      ev(
        '/ecs/coupon-service',
        ALARM_AT + 48 * HOUR + i * 1000,
        'ERROR java.lang.OutOfMemoryError: Java heap space',
      ),
    );
    const r = report({ events });
    expectInconclusive(r);
    expect(r.stats.linesScanned).toBe(4);
    expect(r.stats.logGroups).toEqual([]);
    expect(limitationsOf(r)).toContain('No log line falls in the incident window.');
    expect(limitationsOf(r)).toContain('4 line(s) fall outside the analysis windows and were not used.');
    const mined = r.reasoningTrail.find((s) => s.kind === 'OBSERVATION' && s.tool === 'mine_templates');
    expect(mined?.detail).toContain('4 lines scanned (0 unparsed, 4 outside the windows)');
  });

  it('lines far in the past and future next to usable ones: the limitations say how many were left out', () => {
    const far = [
      ev(
        '/ecs/coupon-service',
        ALARM_AT - 30 * 24 * HOUR,
        'ERROR java.lang.OutOfMemoryError: Java heap space',
      ),
      ev('/ecs/coupon-service', ALARM_AT - 2 * HOUR, 'ERROR java.lang.OutOfMemoryError: Java heap space'),
      ev('/ecs/coupon-service', ALARM_AT + 2 * HOUR, 'ERROR java.lang.OutOfMemoryError: Java heap space'),
    ];
    const inWindow = ev(
      '/ecs/coupon-service',
      ALARM_AT - MIN,
      'INFO coupon-service request 99 handled in 9 ms',
    );
    const r = report({ events: [...far, ...baseline(), inWindow] });
    expect(r.stats.linesScanned).toBe(34);
    expect(limitationsOf(r)).toContain('3 line(s) fall outside the analysis windows and were not used.');
    expect(limitationsOf(r)).not.toContain('No log line falls in the incident window.');
    // The out-of-window OOM lines are not evidence of anything.
    expectInconclusive(r);
    expect(JSON.stringify(r.evidence)).not.toContain('OutOfMemoryError');
  });

  it('binary junk: a report, no throw, every line counted as scanned and unparsed', () => {
    const junk = `${String.fromCharCode(0, 1, 2, 3, 0x1b, 0x7f, 0xfffd, 0xd800)}junk\u0000\u0000`;
    const events = [0, 1, 2, 3, 4].map((i) => ev('/ecs/junk', ALARM_AT - 2 * MIN + i * 1000, `${junk}${i}`));
    const r = report({ events });
    expect(r.stats.linesScanned).toBe(5);
    expect(r.stats.linesUnparsed).toBe(5);
    expect(r.stats.logGroups).toEqual(['/ecs/junk']);
    expectInconclusive(r);
  });

  it('1 MB messages: a report, no throw, lines counted', () => {
    const big = 'x'.repeat(1_000_000);
    const bigError = `ERROR coupon-service ${'payload '.repeat(130_000)}`;
    expect(bigError.length).toBeGreaterThan(1_000_000);
    const events = [
      ...baseline(),
      ev('/ecs/coupon-service', ALARM_AT - 2 * MIN, big),
      ev('/ecs/coupon-service', ALARM_AT - MIN, bigError),
    ];
    const r = report({ events });
    expect(r.stats.linesScanned).toBe(32);
    expect(r.stats.logGroups).toEqual(['/ecs/coupon-service']);
  });
});

describe('analyzeIncident: what the report quotes is safe', () => {
  const SECRET_LINE =
    'ERROR coupon-service java.lang.OutOfMemoryError: Java heap space while caching key=AKIAIOSFODNN7EXAMPLE ' +
    'password=hunter2 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ' +
    'user=jane.doe@example.com';

  it('masks secrets in root-cause evidence: none survives anywhere in the report', () => {
    const incident = [0, 1, 2, 3, 4].map((i) =>
      ev('/ecs/coupon-service', ALARM_AT - 5 * MIN + i * 10_000, SECRET_LINE),
    );
    const r = report({ events: [...baseline(), ...incident] });
    // The secret line is the root-cause evidence, not noise dropped before quoting.
    expect(r.inconclusive).toBe(false);
    expect(r.rootCause.service).toBe('coupon-service');
    expect(r.rootCause.faultClass).toBe('memory_exhaustion');
    expect(r.forensics.patientZero?.text).toContain('java.lang.OutOfMemoryError: Java heap space');
    expect(r.evidence.lines.some((l) => l.text.includes('OutOfMemoryError'))).toBe(true);

    const json = JSON.stringify(r);
    for (const secret of [
      'AKIAIOSFODNN7EXAMPLE',
      'hunter2',
      'eyJhbGciOiJIUzI1NiJ9',
      'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'jane.doe@example.com',
    ]) {
      expect(json, secret).not.toContain(secret);
    }
    expect(json).toContain('[REDACTED:');
    expect(r.forensics.patientZero?.text).toContain('[REDACTED:');
    const check = r.quality.checks.find((c) => c.name === 'secrets-redacted');
    expect(check?.passed).toBe(true);
    expect(check?.detail).toMatch(/^Masked /);
  });

  it('escapes markup from a log line in the HTML report', () => {
    const incident = [0, 1, 2].map((i) =>
      ev(
        '/ecs/coupon-service',
        ALARM_AT - 4 * MIN + i * 1000,
        'ERROR coupon-service java.lang.OutOfMemoryError: Java heap space <script>alert(1)</script>',
      ),
    );
    const r = report({ events: [...baseline(), ...incident] });
    expect(r.rootCause.service).toBe('coupon-service');
    // The markup is quoted verbatim in the report object; the HTML must not execute it.
    expect(JSON.stringify(r.evidence)).toContain('<script>alert(1)</script>');
    const html = renderHtml(r);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('analyzeIncident with an incident folder: the source notes reach the report', () => {
  it('rejected lines of logs.jsonl are said in the limitations, read to the end first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidentiq-bad-input-'));
    try {
      writeFileSync(join(dir, 'alarm.json'), ALARM_TEXT);
      const good = baseline().map((e) => JSON.stringify(e));
      writeFileSync(
        join(dir, 'logs.jsonl'),
        [
          ...good,
          'garbage',
          '[1]',
          JSON.stringify({ logGroup: '/ecs/a', message: 'no time' }),
          'garbage 2',
        ].join('\n'),
      );
      const input = new IncidentFolderSource(dir).load();
      const r = report({ alarmEvent: input.alarmEvent, events: input.events, sourceNotes: input.notes });
      expect(r.stats.linesScanned).toBe(30);
      expect(limitationsOf(r).slice(0, 3)).toEqual([
        '2 line(s) of logs.jsonl rejected: not valid JSON.',
        '1 line(s) of logs.jsonl rejected: not a JSON object.',
        '1 line(s) of logs.jsonl rejected: no numeric timestamp.',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
