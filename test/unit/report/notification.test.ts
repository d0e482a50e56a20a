import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../../shared/report/notification.ts';
import { utf8Length } from '../../../shared/report/utf8.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { inconclusiveReport, reportWithAlarmName, reportWithEvidenceLines } from './report-variants.ts';

const URL_OF_REPORT = 'https://console.example.com/incidents/INC-0a59a8a9';

describe('renderNotification on the d02 report', () => {
  const report = d02Report();
  const { subject, text } = renderNotification(report, { reportUrl: URL_OF_REPORT });

  it('names severity, fault class, root service and alarm in the subject', () => {
    expect(subject).toBe('[P1] Memory exhaustion in payment-service — checkout-gateway-error-rate');
  });

  it('carries summary, root cause, severity, affected services, top fixes, patient zero and link', () => {
    expect(text).toContain(report.executiveSummary);
    expect(text).toContain('Memory exhaustion in payment-service (86% confidence)');
    expect(text).toContain(`P1 (Critical): ${report.severityReason}`);
    for (const s of report.affectedServices) expect(text).toContain(`- ${s.service} (${s.role}, ${s.health}`);
    for (const f of report.fixRecommendations) {
      expect(text).toContain(`${f.rank}. ${f.title}`);
      if (f.command) expect(text).toContain(`$ ${f.command}`);
    }
    expect(text).toContain('PATIENT ZERO\n2026-04-08 14:34:00 UTC · payment-service · WARN');
    expect(text).toContain(report.forensics.patientZero?.text);
    expect(text).toContain(
      'TRIGGER\nThe rollout of payment-service version 2.4.1 (build 2026.04.08-1) introduced the leak (78% confidence).',
    );
    expect(text.endsWith(`Full report: ${URL_OF_REPORT}`)).toBe(true);
    expect(text).not.toContain('Truncated');
  });

  it('has no link line without a URL', () => {
    expect(renderNotification(report).text).not.toContain('Full report:');
  });

  it('lists only the top 3 fixes', () => {
    const r = d02Report();
    for (const rank of [4, 5]) {
      r.fixRecommendations.push({ rank, title: `Extra fix ${rank}`, rationale: 'Why.', action: 'Do it.' });
    }
    const out = renderNotification(r).text;
    expect(out).toContain('FIX RECOMMENDATIONS (TOP 3 OF 5)');
    expect(out).not.toContain('Extra fix');
  });
});

describe('renderNotification subject', () => {
  it('says Inconclusive for an inconclusive report', () => {
    const { subject, text } = renderNotification(inconclusiveReport());
    expect(subject).toBe('[P3] Inconclusive: checkout-gateway-error-rate');
    expect(text).toContain('Inconclusive: the evidence names no cause');
    expect(text).toContain('PATIENT ZERO\nNot identified.');
  });

  it('stays within the SNS limit with a very long alarm name, on one line', () => {
    const name = `checkout-gateway-error-rate-${'x'.repeat(300)}\nsecond line`;
    const { subject } = renderNotification(reportWithAlarmName(name));
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject.length).toBeLessThan(100);
    expect(
      subject.startsWith('[P1] Memory exhaustion in payment-service — checkout-gateway-error-rate-x'),
    ).toBe(true);
    expect(subject.endsWith('…')).toBe(true);
    expect(subject).not.toMatch(/[\r\n]/);

    const inconclusive = inconclusiveReport();
    inconclusive.alarm.name = name;
    expect(renderNotification(inconclusive).subject.length).toBeLessThan(100);
  });
});

describe('renderNotification body size', () => {
  it('stays under 64 KB with 10,000 evidence lines and says what was cut', () => {
    const { text } = renderNotification(reportWithEvidenceLines(10_000), { reportUrl: URL_OF_REPORT });
    expect(utf8Length(text)).toBeLessThanOrEqual(64 * 1024);
    expect(text).toContain('EVIDENCE (10,000 log lines)');
    expect(text).toMatch(
      /\[Truncated: [\d,]+ of 10,000 evidence lines left out to keep this e-mail under 64 KB\./,
    );
    expect(text).toContain('line 0: heap usage');
    expect(text).not.toContain('line 9999:');
    expect(text.endsWith(`Full report: ${URL_OF_REPORT}`)).toBe(true);
  });

  it('cuts even the essentials when they alone exceed 64 KB', () => {
    const r = d02Report();
    r.executiveSummary = 'é'.repeat(50_000);
    const { text } = renderNotification(r);
    expect(utf8Length(text)).toBeLessThanOrEqual(64 * 1024);
    expect(text).toContain('[Truncated: this e-mail was cut at 64 KB');
  });
});
