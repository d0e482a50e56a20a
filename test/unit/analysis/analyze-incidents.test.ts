import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../shared/domain/report.ts';
import { analyzeFixture, incidentNames, messagesOf, truthOf } from './incident-fixtures.ts';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.each(incidentNames())('analysis of %s', (name) => {
  const truth = truthOf(name);
  const report = analyzeFixture(name);

  it('names the true root cause and fault class, or says inconclusive', () => {
    if (truth.inconclusive) {
      expect(report.inconclusive).toBe(true);
      expect(report.rootCause.service).toBeNull();
      expect(report.rootCause.faultClass).toBe('unknown');
    } else {
      expect(truth.rootCauseService).toContain(report.rootCause.service);
      expect(report.rootCause.faultClass).toBe(truth.faultClass);
      expect(report.inconclusive).toBe(false);
    }
  });

  it('lists the affected services and no red herring', () => {
    const affected = report.affectedServices.map((a) => a.service);
    const hit = truth.affected.filter((s) => affected.includes(s)).length;
    expect(hit).toBeGreaterThanOrEqual(Math.ceil((truth.affected.length * 2) / 3));
    for (const herring of truth.notAffected ?? []) {
      expect(affected).not.toContain(herring);
      expect(report.rootCause.service).not.toBe(herring);
    }
  });

  it('names the trigger when the truth has one', () => {
    const trigger = JSON.stringify(report.forensics.trigger ?? '');
    for (const mention of truth.triggerMentions ?? []) expect(trigger).toContain(mention);
  });

  it('quotes only verbatim lines and keeps its timeline in order', () => {
    const messages = messagesOf(name);
    for (const line of report.evidence.lines) {
      expect(line.text.includes('[REDACTED') || messages.some((m) => m.includes(norm(line.text)))).toBe(true);
    }
    const times = report.timeline.map((t) => Date.parse(t.at));
    times.forEach((t, i) => {
      if (i > 0) expect(t).toBeGreaterThanOrEqual(times[i - 1] as number);
    });
  });

  it('is a valid report whose self-checks all pass', () => {
    expect(parseReport(report).ok).toBe(true);
    const failed = report.quality.checks.filter((c) => !c.passed);
    expect(failed).toEqual([]);
    expect(report.quality.grounded).toBe(true);
  });
});
