import { describe, expect, it } from 'vitest';
import { parseReport, type Report, reportSchema } from '../../../shared/domain/index.ts';
import { d02Report } from './d02-report.fixture.ts';

function errorOf(report: unknown): string {
  const result = parseReport(report);
  if (result.ok) throw new Error('expected the report to be rejected');
  return result.error;
}

function inconclusiveReport(): Report {
  const report = d02Report();
  report.inconclusive = true;
  report.rootCause = {
    summary: 'Nothing in the logs explains the alarm.',
    service: null,
    faultClass: 'unknown',
    confidence: 0.2,
  };
  report.forensics.trigger = null;
  report.forensics.patientZero = null;
  report.forensics.mttdSeconds = null;
  return report;
}

describe('reportSchema', () => {
  it('accepts the complete d02 report', () => {
    const result = parseReport(d02Report());

    expect(result.ok, result.ok ? '' : result.error).toBe(true);
  });

  it('accepts an inconclusive report', () => {
    const result = parseReport(inconclusiveReport());

    expect(result.ok, result.ok ? '' : result.error).toBe(true);
  });

  it('keeps extension fields', () => {
    const report = { ...d02Report(), labels: ['recurring'] };
    report.rootCause = { ...report.rootCause, component: 'coupon cache' };

    const parsed = reportSchema.parse(report);

    expect(parsed.labels).toEqual(['recurring']);
    expect(parsed.rootCause.component).toBe('coupon cache');
  });

  it('round-trips through JSON unchanged', () => {
    const report = d02Report();

    const result = parseReport(JSON.parse(JSON.stringify(report)));

    expect(result.ok && result.report).toEqual(report);
  });

  it('names missing stable fields', () => {
    const { forensics: _forensics, ...report } = d02Report();

    expect(errorOf(report)).toBe('Invalid report: forensics is missing (expected object)');
  });

  it('rejects another schema version', () => {
    expect(errorOf({ ...d02Report(), schemaVersion: 2 })).toBe(
      'Invalid report: schemaVersion must be 1, got 2',
    );
  });

  it('rejects a malformed incident id', () => {
    expect(errorOf({ ...d02Report(), incidentId: 'INC-7D1BF9FF' })).toContain(
      'incidentId: expected INC- followed by 8 lowercase hex digits',
    );
  });

  it('rejects a confidence outside 0..1', () => {
    const report = d02Report();
    report.rootCause.confidence = 90;

    expect(errorOf(report)).toBe('Invalid report: rootCause.confidence: expected a number in 0..1');
  });

  it('rejects a title of several lines', () => {
    expect(errorOf({ ...d02Report(), title: 'OOM\nin payment-service' })).toContain(
      'title: expected a single line of text',
    );
  });

  it('rejects a non-ISO timestamp', () => {
    const report = d02Report();
    report.alarm.triggeredAt = '2026-04-08 14:43';

    expect(errorOf(report)).toContain('alarm.triggeredAt: expected an ISO-8601 timestamp');
  });
});

describe('reportSchema refinements', () => {
  it('an inconclusive report names no root-cause service', () => {
    const report = inconclusiveReport();
    report.rootCause.service = 'payment-service';

    expect(errorOf(report)).toBe(
      'Invalid report: rootCause.service: an inconclusive report names no root-cause service, got "payment-service"',
    );
  });

  it('an inconclusive report has fault class unknown', () => {
    const report = inconclusiveReport();
    report.rootCause.faultClass = 'memory_exhaustion';

    expect(errorOf(report)).toBe(
      'Invalid report: rootCause.faultClass: an inconclusive report has faultClass "unknown", got "memory_exhaustion"',
    );
  });

  it('fault class unknown requires inconclusive', () => {
    const report = d02Report();
    report.rootCause.faultClass = 'unknown';

    expect(errorOf(report)).toContain('inconclusive: faultClass "unknown" means nothing explains the alarm');
  });

  it('the timeline is in time order', () => {
    const report = d02Report();
    const [first, second, ...rest] = report.timeline;
    if (!first || !second) throw new Error('fixture needs two timeline entries');
    report.timeline = [second, first, ...rest];

    expect(errorOf(report)).toBe(
      'Invalid report: timeline[1].at: timeline is not in time order: entry 1 (2026-04-08T14:32:05.000Z) comes before entry 0 (2026-04-08T14:34:00.869Z)',
    );
  });

  it('the timeline compares instants, not strings', () => {
    const report = d02Report();
    const second = report.timeline[1];
    if (!second) throw new Error('fixture needs two timeline entries');
    second.at = '2026-04-08T16:34:00.869+02:00';

    expect(parseReport(report).ok).toBe(true);
  });

  it('there are exactly five whys', () => {
    const report = d02Report();
    report.fiveWhys = report.fiveWhys.slice(0, 4);

    expect(errorOf(report)).toBe('Invalid report: fiveWhys: expected exactly 5 whys, got 4');
  });

  it('the five whys are distinct', () => {
    const report = d02Report();
    const [first, second] = report.fiveWhys;
    if (!first || !second) throw new Error('fixture needs five whys');
    second.answer = `  ${first.answer.toUpperCase()} `;

    expect(errorOf(report)).toBe(
      'Invalid report: fiveWhys[1].answer: why #2 repeats the answer of why #1; each why must add a new cause',
    );
  });

  it('fix recommendations are ranked 1..n', () => {
    const report = d02Report();
    const third = report.fixRecommendations[2];
    if (!third) throw new Error('fixture needs three fixes');
    third.rank = 4;

    expect(errorOf(report)).toBe(
      'Invalid report: fixRecommendations[2].rank: fix recommendations must be ranked 1..3 in order: entry 2 has rank 4, expected 3',
    );
  });

  it('similar incidents are best first', () => {
    const report = d02Report();
    report.similarIncidents.reverse();

    expect(errorOf(report)).toContain('similarIncidents[1].similarity: similar incidents must be best first');
  });

  it('a similarity is in 0..1', () => {
    const report = d02Report();
    const best = report.similarIncidents[0];
    if (!best) throw new Error('fixture needs a similar incident');
    best.similarity = 1.5;

    expect(errorOf(report)).toContain('similarIncidents[0].similarity: expected a number in 0..1');
  });

  it('reasoning steps are numbered 1..n', () => {
    const report = d02Report();
    const step = report.reasoningTrail[1];
    if (!step) throw new Error('fixture needs two steps');
    step.step = 1;

    expect(errorOf(report)).toContain(
      'reasoningTrail[1].step: reasoning steps must be numbered 1..4 in order',
    );
  });

  it('a service is listed once in affectedServices', () => {
    const report = d02Report();
    const first = report.affectedServices[0];
    if (!first) throw new Error('fixture needs an affected service');
    report.affectedServices.push({ ...first });

    expect(errorOf(report)).toBe(
      'Invalid report: affectedServices[2].service: service "payment-service" is listed more than once',
    );
  });

  it('the scan window does not end before it starts', () => {
    const report = d02Report();
    report.stats.windowEnd = '2026-04-08T13:00:00.000Z';

    expect(errorOf(report)).toContain(
      'stats.windowEnd: windowEnd (2026-04-08T13:00:00.000Z) is before windowStart',
    );
  });

  it('unparsed lines do not exceed scanned lines', () => {
    const report = d02Report();
    report.stats.linesUnparsed = 2000;

    expect(errorOf(report)).toContain(
      'stats.linesUnparsed: linesUnparsed (2000) exceeds linesScanned (1345)',
    );
  });

  it('lists several problems in one message', () => {
    const report = inconclusiveReport();
    report.rootCause.service = 'payment-service';
    report.fiveWhys = [];

    const error = errorOf(report);

    expect(error).toContain('fiveWhys: expected exactly 5 whys, got 0');
    expect(error).toContain('rootCause.service: an inconclusive report names no root-cause service');
  });
});
