import type { IncidentRecord } from '../ports/incident-store.ts';

/** The most report text one incident contributes to search: its quoted lines are bounded. */
export const MAX_SEARCH_TEXT = 64 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (...values: unknown[]): string[] => values.filter((v): v is string => typeof v === 'string');

/**
 * What search finds of a report beyond its record: the trigger (the release or change that set
 * the fault off), the patient-zero and quoted log lines, the fixes, the services. Read
 * defensively: a report of another shape adds what it has.
 */
export function reportSearchText(report: unknown): string {
  if (!isRecord(report)) return '';
  const forensics = isRecord(report.forensics) ? report.forensics : {};
  const trigger = isRecord(forensics.trigger) ? forensics.trigger : {};
  const patientZero = isRecord(forensics.patientZero) ? forensics.patientZero : {};
  const evidence = isRecord(report.evidence) ? report.evidence : {};
  const lines = Array.isArray(evidence.lines) ? evidence.lines.filter(isRecord) : [];
  const fixes = Array.isArray(report.fixRecommendations) ? report.fixRecommendations.filter(isRecord) : [];
  const affected = Array.isArray(report.affectedServices) ? report.affectedServices.filter(isRecord) : [];
  const parts = [
    ...strings(trigger.hypothesis, trigger.evidence, patientZero.text, report.executiveSummary),
    ...affected.flatMap((a) => strings(a.service)),
    ...fixes.flatMap((f) => strings(f.title, f.action, f.command)),
    ...lines.flatMap((l) => strings(l.text, l.logGroup)),
  ];
  return parts.join('\n').slice(0, MAX_SEARCH_TEXT);
}

/** The record's own searchable text: title, root causes, resolution, services, feedback, owner. */
export function recordSearchText(record: IncidentRecord): string {
  return [
    record.incidentId,
    record.title,
    record.alarmName,
    record.rootCause,
    record.rootService ?? '',
    ...record.affectedServices,
    record.resolution ?? '',
    record.feedback?.correctedRootCause ?? '',
    record.feedback?.note ?? '',
    record.triage?.owner ?? '',
  ].join('\n');
}

const normalize = (value: string): string => value.normalize('NFKC').toLowerCase();

/** Whether every word of `q` occurs in the texts (case-insensitive, after Unicode normalization). */
export function matchesWords(q: string, ...texts: string[]): boolean {
  const haystack = normalize(texts.join('\n'));
  return normalize(q)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
