import { parseReport, type Report } from '../../../shared/domain/index.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';

/** Report variants for the renderer tests, each checked against the report schema. */

export const SCRIPT_PAYLOAD = '<script>alert(1)</script>';
export const IMG_PAYLOAD = '<img src=x onerror=alert(1)>';
export const PAYLOADS = `${SCRIPT_PAYLOAD} ${IMG_PAYLOAD}`;

function valid(report: Report): Report {
  const parsed = parseReport(report);
  if (!parsed.ok) throw new Error(parsed.error);
  return report;
}

function firstOf<T>(items: T[]): T {
  const first = items[0];
  if (first === undefined) throw new Error('the d02 fixture lost an entry');
  return first;
}

/** Untrusted text in a log line, a template, a service impact and a reasoning detail (and a few more). */
export function hostileReport(): Report {
  const r = d02Report();
  firstOf(r.evidence.lines).text = `GET /search?q=${PAYLOADS} 200`;
  firstOf(r.evidence.patterns).template = `GET /search?q=${PAYLOADS} <*>`;
  firstOf(r.affectedServices).impact = `Served ${PAYLOADS} to users.`;
  firstOf(r.reasoningTrail).detail = `search_logs(pattern="${PAYLOADS}")`;
  r.severityReason = `Checkout "failed" & 'stopped' for ${PAYLOADS}`;
  r.title = `Outage of <b>checkout</b> ${SCRIPT_PAYLOAD}`;
  r.alarm.name = `alarm-${IMG_PAYLOAD}`;
  return valid(r);
}

export function inconclusiveReport(): Report {
  const r = d02Report();
  r.inconclusive = true;
  r.severity = 'P3';
  r.severityReason = 'The alarm fired but no service shows a new error signal.';
  r.rootCause = {
    summary: 'Nothing in the logs explains the alarm.',
    service: null,
    faultClass: 'unknown',
    confidence: 0.2,
  };
  r.forensics.trigger = null;
  r.forensics.patientZero = null;
  r.forensics.mttdSeconds = null;
  return valid(r);
}

export function reportWithAlarmName(name: string): Report {
  const r = d02Report();
  r.alarm.name = name;
  return valid(r);
}

/** `count` evidence lines of about 200 bytes, some with multi-byte characters. */
export function reportWithEvidenceLines(count: number): Report {
  const r = d02Report();
  const template = firstOf(r.evidence.lines);
  r.evidence.lines = Array.from({ length: count }, (_, i) => ({
    ...template,
    text: `line ${i}: heap usage ${i}Ki of 262144Ki limit, gc pause ${i % 3000}ms — café ☕ ${'x'.repeat(120)}`,
  }));
  return valid(r);
}
