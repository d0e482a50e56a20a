import type { Report } from '../../domain/report.ts';
import type { QualityCheck } from '../../domain/report-metadata.ts';
import { quotableText } from '../collect/quotable-text.ts';
import type { Findings } from '../correlate/findings.ts';
import { proseFlaws } from './prose-check.ts';

const ALARM_SOURCE = 'cloudwatch';

/**
 * The report's self-checks, run on the report before redaction: names and quotes come from the
 * input, counts agree with the evidence, the conclusion is stated once and consistently.
 */
export function qualityChecks(report: Report, f: Findings): QualityCheck[] {
  const checks: QualityCheck[] = [];
  const check = (name: string, passed: boolean, detail: string) => checks.push({ name, passed, detail });

  // A service that only the metrics or traces name is in the input too.
  const known = new Set([
    ...f.collected.services.keys(),
    ...(f.telemetry?.services.map((s) => s.service) ?? []),
  ]);
  const dependencies = new Set(
    report.forensics.blastRadius.filter((b) => b.kind === 'dependency').map((b) => b.name),
  );
  const named = [
    ...report.affectedServices.map((a) => a.service),
    ...report.forensics.propagationPath,
    ...report.forensics.blastRadius.filter((b) => b.kind === 'service').map((b) => b.name),
    ...report.timeline.map((t) => t.service).filter((s) => s !== ALARM_SOURCE),
    ...(report.rootCause.service ? [report.rootCause.service] : []),
    ...(report.forensics.patientZero ? [report.forensics.patientZero.service] : []),
  ];
  const unknown = [...new Set(named.filter((s) => !known.has(s)))];
  const depsGrounded = [...dependencies].every((d) =>
    f.root?.anomalies.some((a) => a.pattern.samples.some((s) => s.message.includes(d))),
  );
  check(
    'services-in-input',
    unknown.length === 0 && depsGrounded,
    unknown.length === 0
      ? `All ${new Set(named).size} named services write logs in the input.`
      : `Not in the input: ${unknown.join(', ')}`,
  );

  const quotable = new Set<string>();
  for (const p of f.collected.patterns) for (const s of p.samples) quotable.add(quotableText(s));
  for (const c of f.collected.changes) quotable.add(quotableText(c.record));
  const quotes = [
    ...report.evidence.lines.map((l) => l.text),
    ...(report.forensics.patientZero ? [report.forensics.patientZero.text] : []),
  ];
  const notVerbatim = quotes.filter((q) => !quotable.has(q));
  check(
    'quotes-verbatim',
    notVerbatim.length === 0,
    notVerbatim.length === 0
      ? `${quotes.length} quoted lines are verbatim input lines.`
      : `${notVerbatim.length} quoted line(s) not found verbatim.`,
  );

  const countMismatch = report.affectedServices.filter((a) => {
    const s = f.suspects.get(a.service);
    return !s || s.anomalies.reduce((n, x) => n + x.pattern.incidentCount, 0) !== a.errorCount;
  });
  const blastServices = report.forensics.blastRadius.filter((b) => b.kind === 'service').length;
  check(
    'counts-agree',
    countMismatch.length === 0 && blastServices === report.affectedServices.length,
    countMismatch.length === 0 && blastServices === report.affectedServices.length
      ? `Error counts of ${report.affectedServices.length} services match the mined patterns; the blast radius lists the same ${blastServices} services.`
      : `Mismatch: ${countMismatch.map((a) => a.service).join(', ') || `blast radius ${blastServices} vs affected ${report.affectedServices.length}`}`,
  );

  const times = report.timeline.map((t) => Date.parse(t.at));
  check(
    'timeline-ordered',
    times.every((t, i) => i === 0 || t >= (times[i - 1] as number)),
    `${times.length} entries in time order.`,
  );

  const [whys, prose, confidence] = proseConsistencyChecks(report);
  if (whys) checks.push(whys);
  if (prose) checks.push(prose);

  if (!report.inconclusive) {
    const inAffected = report.affectedServices.some((a) => a.service === report.rootCause.service);
    check(
      'root-cause-affected',
      inAffected,
      inAffected
        ? `${report.rootCause.service} is among the affected services.`
        : 'The root-cause service is not listed as affected.',
    );
    if (confidence) checks.push(confidence);
  } else {
    check(
      'inconclusive-consistent',
      report.rootCause.service === null &&
        report.rootCause.faultClass === 'unknown' &&
        report.affectedServices.length === 0,
      'An inconclusive report names no root cause, no fault class and no affected service.',
    );
  }
  return checks;
}

/**
 * The checks that read the report alone (no findings), so the model's prose can be checked again
 * after it was merged: five distinct whys, and one confidence wherever the conclusion is stated.
 */
export function proseConsistencyChecks(report: Report): QualityCheck[] {
  const answers = report.fiveWhys.map((w) => w.answer.trim().toLowerCase());
  const checks: QualityCheck[] = [
    {
      name: 'whys-distinct',
      passed: new Set(answers).size === answers.length && answers.length === 5,
      detail: `${new Set(answers).size} distinct answers of ${answers.length}.`,
    },
  ];
  const flaws = proseFlaws(report);
  checks.push({
    name: 'prose-clean',
    passed: flaws.length === 0,
    detail:
      flaws.length === 0
        ? 'No template, no word doubled and no empty sentence in the prose, the whys read as rendered.'
        : `${flaws.length} flaw(s): ${flaws.slice(0, 3).join('; ')}`,
  });
  if (!report.inconclusive) {
    const pct = `${Math.round(report.rootCause.confidence * 100)}%`;
    const stated = [...report.executiveSummary.matchAll(/(\d+)%/g)].map((m) => `${m[1]}%`);
    checks.push({
      name: 'one-confidence',
      passed: stated.every((s) => s === pct),
      detail: `The conclusion carries one confidence (${pct}) wherever it is stated.`,
    });
  }
  return checks;
}
