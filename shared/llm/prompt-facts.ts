import { FAULT_CLASS_DESCRIPTIONS, FAULT_CLASS_LABELS } from '../domain/fault-class.ts';
import type { Report } from '../domain/report.ts';
import { clip } from './token-budget.ts';
import { untrustedText } from './untrusted.ts';

const MAX_LISTED = 25;
const MAX_NAME = 100;

/** Every service the report names: the only names the model may use for services. */
export function reportServices(report: Report): string[] {
  const names = new Set<string>();
  const add = (s: string | null | undefined) => {
    if (s && s !== 'cloudwatch') names.add(s);
  };
  add(report.rootCause.service);
  for (const a of report.affectedServices) add(a.service);
  for (const s of report.forensics.propagationPath) add(s);
  for (const b of report.forensics.blastRadius) add(b.name);
  for (const t of report.timeline) add(t.service);
  for (const l of report.evidence.lines) add(l.service);
  for (const p of report.evidence.patterns) for (const s of p.services) add(s);
  add(report.forensics.patientZero?.service);
  return [...names];
}

const name = (s: string) => untrustedText(clip(s, MAX_NAME));

function listed<T>(items: T[], render: (item: T) => string, separator = '; '): string {
  const shown = items.slice(0, MAX_LISTED).map(render).join(separator);
  return items.length > MAX_LISTED ? `${shown}${separator}and ${items.length - MAX_LISTED} more` : shown;
}

/**
 * The deterministic findings, stated as final. Only names, numbers and times appear here; every
 * text that came from a log line goes in the untrusted block instead.
 */
export function factsSection(report: Report): string {
  const rc = report.rootCause;
  const pct = `${Math.round(rc.confidence * 100)}%`;
  const alarm = report.alarm;
  const metric = alarm.metric ? `${alarm.metric.namespace} ${alarm.metric.name}` : 'metric not stated';
  const lines = [
    'FACTS (established by the deterministic analysis; final: explain them, never change them)',
    `Incident ${report.incidentId}: alarm ${name(alarm.name)} (${name(metric)}) entered ALARM at ${alarm.triggeredAt}.`,
    `Severity: ${report.severity} (fixed).`,
    report.inconclusive || !rc.service
      ? `Root cause: none found. The analysis is inconclusive (fault class unknown, confidence ${pct}); do not name a cause or a root service.`
      : `Root cause: ${FAULT_CLASS_LABELS[rc.faultClass]} (${rc.faultClass}) in ${name(rc.service)}, confidence ${pct}. ${FAULT_CLASS_DESCRIPTIONS[rc.faultClass]}`,
    `Affected services (${report.affectedServices.length}): ${
      listed(
        report.affectedServices,
        (a) =>
          `${name(a.service)} (role ${a.role}, ${a.health}, ${a.errorCount} new error lines, first at ${a.firstSeen})`,
      ) || 'none'
    }.`,
    `Propagation path: ${listed(report.forensics.propagationPath, name, ' -> ') || 'none'}.`,
    `Blast radius: ${listed(report.forensics.blastRadius, (b) => `${b.kind} ${name(b.name)} (${b.role})`) || 'none'}.`,
    `Trigger: ${report.forensics.trigger ? `a change, confidence ${Math.round(report.forensics.trigger.confidence * 100)}% (its text is in the evidence block)` : 'none found'}.`,
    `Time from the first signal to the alarm: ${report.forensics.mttdSeconds === null ? 'unknown' : `${report.forensics.mttdSeconds} s`}.`,
    `Scanned ${report.stats.linesScanned} log lines (${report.stats.linesUnparsed} unparsed) from ${report.stats.logGroups.length} log groups, ${report.stats.windowStart} to ${report.stats.windowEnd}.`,
    `Service names you may use: ${listed(reportServices(report), name, ', ') || 'none'}.`,
  ];
  return lines.join('\n');
}
