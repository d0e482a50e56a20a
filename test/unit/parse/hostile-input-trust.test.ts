import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IncidentFolderError, IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import { QUOTE_LIMIT } from '../../../shared/analysis/parse/limits.ts';
import { sealReport } from '../../../shared/analysis/redact/index.ts';
import { parseReport, type Report } from '../../../shared/domain/report.ts';
import { renderHtml, renderMarkdown, renderNotification } from '../../../shared/report/index.ts';

const ALARM = readFileSync(
  new URL('../../fixtures/incidents/f02-itinerary-render-cache-leak/alarm.json', import.meta.url),
  'utf8',
);
const ALARM_AT = Date.parse('2026-09-14T08:31:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A small incident of our own: steady INFO lines, then OutOfMemory errors in payment-service, plus `extra` lines. */
function folder(extra: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'iiq-hostile-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'alarm.json'), ALARM);
  const rows: string[] = [];
  for (let i = 0; i < 60; i++) {
    const at = ALARM_AT - 50 * 60_000 + i * 60_000;
    const failing = at > ALARM_AT - 8 * 60_000;
    rows.push(
      JSON.stringify({
        logGroup: '/ecs/payment-service',
        logStream: 'task-1',
        timestamp: at,
        message: `${new Date(at).toISOString()} ${failing ? 'ERROR java.lang.OutOfMemoryError: Java heap space' : `INFO request ${i} ok`}`,
      }),
    );
  }
  writeFileSync(join(dir, 'logs.jsonl'), `${[...rows, ...extra].join('\n')}\n`);
  return dir;
}

function analyze(dir: string): Report {
  const input = new IncidentFolderSource(dir).load();
  const result = analyzeIncident({
    alarmEvent: input.alarmEvent,
    events: input.events,
    sourceNotes: input.notes,
  });
  if (!result.ok) throw new Error(result.error);
  return sealReport(result.report);
}

const at = (minutesBefore: number) => ALARM_AT - minutesBefore * 60_000;

describe('hostile input: a clear error or a schema-valid, bounded report', () => {
  it('a message nested 6,000 levels deep costs that one line, counted', () => {
    let deep = '1';
    for (let i = 0; i < 6000; i++) deep = `{"a":${deep}}`;
    const line = `{"logGroup":"/ecs/payment-service","logStream":"task-9","timestamp":${at(3)},"message":${deep}}`;
    const report = analyze(folder([line]));
    expect(report.stats.linesScanned).toBe(60);
    expect(report.rootCause.service).toBe('payment-service');
    expect(JSON.stringify(report.limitations)).toContain(
      '1 line(s) of logs.jsonl rejected: message nested too deeply',
    );
    expect(parseReport(report).ok).toBe(true);
  });

  it('a 3 MB line is quoted cut to a few KB, the cut marked', () => {
    const huge = `${new Date(at(2)).toISOString()} ERROR java.lang.OutOfMemoryError: ${'x'.repeat(3_000_000)}`;
    const line = JSON.stringify({
      logGroup: '/ecs/payment-service',
      logStream: 'task-2',
      timestamp: at(2),
      message: huge,
    });
    const report = analyze(folder([line]));
    const json = JSON.stringify(report);
    expect(json.length).toBeLessThan(400_000);
    const quotes = [...report.evidence.lines.map((l) => l.text), report.forensics.patientZero?.text ?? ''];
    for (const q of quotes) expect(q.length).toBeLessThanOrEqual(QUOTE_LIMIT + 60);
    expect(json).toMatch(/…\[cut: \d+ more characters\]/);
  });

  it('a newline and escapes in a log group name: one visible line, a schema-valid report', () => {
    const line = JSON.stringify({
      logGroup: '/ecs/payment-service\nFAKE \u001b[2J',
      logStream: 'task-3',
      timestamp: at(2),
      message: 'ERROR java.lang.OutOfMemoryError: Java heap space',
    });
    const report = analyze(folder([line]));
    expect(report.quality.checks.find((c) => c.name === 'schema-valid')?.passed).toBe(true);
    expect(report.stats.logGroups).toContain('/ecs/payment-service\\nFAKE \\x1b[2J');
    for (const g of report.stats.logGroups) expect(g.includes('\n') || g.includes('\u001b')).toBe(false);
  });

  it('terminal escapes, OSC 8 links, bidi overrides and NUL bytes are visible escapes in Markdown, e-mail and HTML', () => {
    const hostile =
      'ERROR java.lang.OutOfMemoryError: \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u202etxt.exe \u0000 \u001b[31mred';
    const rows = [0, 1, 2].map((i) =>
      JSON.stringify({
        logGroup: '/ecs/payment-service',
        logStream: 'task-4',
        timestamp: at(5) + i,
        message: `${hostile} ${i}`,
      }),
    );
    const report = analyze(folder(rows));
    const sinks = {
      markdown: renderMarkdown(report),
      mail: renderNotification(report).text,
      subject: renderNotification(report).subject,
      html: renderHtml(report),
    };
    for (const [sink, text] of Object.entries(sinks)) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not get through
      expect(text, sink).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    expect(sinks.markdown + sinks.mail).toContain('\\x1b]8;;');
  });

  it('exact duplicate events are counted once, and the report says how many', () => {
    const dup = JSON.stringify({
      logGroup: '/ecs/payment-service',
      logStream: 'task-1',
      timestamp: at(1),
      message: 'ERROR java.lang.OutOfMemoryError: Java heap space (again)',
    });
    const report = analyze(folder([dup, dup, dup]));
    expect(report.stats.linesScanned).toBe(61);
    expect(JSON.stringify(report.limitations)).toContain('2 line(s) rejected: exact duplicate');
  });

  it('the same message at the same time in another stream is not a duplicate', () => {
    const row = (stream: string) =>
      JSON.stringify({
        logGroup: '/ecs/payment-service',
        logStream: stream,
        timestamp: at(1),
        message: 'ERROR same text',
      });
    const report = analyze(folder([row('a'), row('b')]));
    expect(report.stats.linesScanned).toBe(62);
  });

  it('a logs.jsonl that is a directory is a clear error', () => {
    const dir = folder();
    rmSync(join(dir, 'logs.jsonl'));
    mkdirSync(join(dir, 'logs.jsonl'));
    expect(() => new IncidentFolderSource(dir).load()).toThrow(IncidentFolderError);
    expect(() => new IncidentFolderSource(dir).load()).toThrow(/logs\.jsonl is not a file/);
  });
});
