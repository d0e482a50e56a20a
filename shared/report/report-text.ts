import type { EvidenceLine } from '../domain/evidence.ts';
import { FAULT_CLASS_LABELS, type FaultClass } from '../domain/fault-class.ts';
import { whyAnswerText } from '../domain/five-whys.ts';
import type { Trigger } from '../domain/forensics.ts';
import type { Report } from '../domain/report.ts';
import type { ModelInfo, ScanStats } from '../domain/report-metadata.ts';
import { SEVERITY_LABELS } from '../domain/severity.ts';
import { formatCount, formatDuration, formatMilliseconds, formatPercent, formatUtc } from './format.ts';

/** Phrases made from report fields, worded once so every rendering says the same thing. */

export const PRODUCT_NAME = 'IncidentIQ';

export const INCONCLUSIVE_NOTICE =
  'Inconclusive: the evidence names no cause for this alarm. Treat the findings below as leads, not conclusions.';

/** What a section says when the report has nothing for it. */
export const EMPTY_SECTION_TEXT = {
  affectedServices: 'No service changed its behaviour in the incident window.',
  timeline: 'No timeline entries.',
  fixes: 'No fix recommendations.',
  patientZero: 'Not identified.',
  blastRadius: 'No entities recorded.',
  trigger: 'No trigger found in the evidence.',
  evidenceLines: 'No log lines quoted.',
  logPatterns: 'No log patterns mined.',
  similarIncidents: 'No similar past incidents in the local history.',
  reasoningTrail: 'No reasoning steps recorded.',
  qualityChecks: 'No checks ran.',
  pictures: 'No series to draw: no service changed its behaviour in the windows read.',
} as const;

export function faultClassLabel(faultClass: FaultClass): string {
  return FAULT_CLASS_LABELS[faultClass];
}

export function rootServiceText(report: Report): string {
  return report.rootCause.service ?? 'not identified';
}

/** `Memory exhaustion in payment-service`, or `Inconclusive`. */
export function rootCauseHeadline(report: Report): string {
  const { service, faultClass } = report.rootCause;
  if (report.inconclusive || service === null) return 'Inconclusive';
  return `${faultClassLabel(faultClass)} in ${service}`;
}

/** The root cause summary without the headline it may start with (shown beside the headline). */
export function rootCauseDetail(report: Report): string {
  const summary = report.rootCause.summary.trim();
  const lead = `${rootCauseHeadline(report)}: `;
  if (!summary.toLowerCase().startsWith(lead.toLowerCase())) return summary;
  const rest = summary.slice(lead.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** `P1 (Critical)`. */
export function severityText(report: Report): string {
  return `${report.severity} (${SEVERITY_LABELS[report.severity]})`;
}

export function confidenceText(report: Report): string {
  return `${formatPercent(report.rootCause.confidence)} confidence`;
}

export function timeToDetectText(mttdSeconds: number | null): string {
  return mttdSeconds === null ? 'unknown' : formatDuration(mttdSeconds);
}

/** `The rollout of v2.4.1 introduced the leak (78% confidence).` */
export function triggerHeadline(trigger: Trigger): string {
  return `${trigger.hypothesis.trim().replace(/\.$/, '')} (${formatPercent(trigger.confidence)} confidence).`;
}

export function propagationPathText(path: readonly string[]): string {
  return path.length === 0 ? 'not traced' : path.join(' → ');
}

/** `offline · incidentiq-offline-1 · 1,200 input / 300 output tokens`. */
export function modelText(model: ModelInfo): string {
  const parts = [model.provider, model.modelId];
  if (model.inputTokens !== undefined || model.outputTokens !== undefined) {
    parts.push(
      `${formatCount(model.inputTokens ?? 0)} input / ${formatCount(model.outputTokens ?? 0)} output tokens`,
    );
  }
  return parts.join(' · ');
}

export function checkResultText(passed: boolean): string {
  return passed ? 'Passed' : 'Failed';
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** `2026-04-08 14:34:00 UTC · payment-service · WARN` — the header of a quoted log line. */
export function logLineHeader(line: Pick<EvidenceLine, 'at' | 'service' | 'level'>): string {
  return `${formatUtc(line.at)} · ${line.service} · ${line.level}`;
}

/** The analysis time with what it covers, so it is not read as the whole wait of a command. */
export function analysisTimeText(stats: ScanStats): string {
  return `${formatMilliseconds(stats.durationMs)} (reading the logs to the finished report; process start-up, the incident store and delivery not included)`;
}

export function scanWindowText(stats: ScanStats): string {
  return `${formatUtc(stats.windowStart)} – ${formatUtc(stats.windowEnd)}`;
}

export function whyQuestion(index: number, question: string): string {
  return `Why #${index + 1}: ${question}`;
}

/** `Because no pod was ready.`: "Because" once, whether or not the answer starts with it. */
export function becauseText(answer: string): string {
  return whyAnswerText(answer);
}

export const LIMITATIONS_TITLE = 'What this analysis could not use';

/** The report's limitations (an extension field): what the source or a step could not use or do. */
export function limitationsOf(report: Report): string[] {
  const value = (report as { limitations?: unknown }).limitations;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The frequency label (an extension field set by incident memory), as a sentence, or null. */
export function frequencyText(report: Report): string | null {
  const f = (report as { frequency?: { label?: string; last30Days?: number; last90Days?: number } })
    .frequency;
  if (!f?.label) return null;
  const label =
    f.label === 'new' ? 'New: no similar incident before' : f.label === 'rare' ? 'Rare' : 'Recurring';
  return `${label} (${f.last30Days ?? 0} similar in the last 30 days, ${f.last90Days ?? 0} in the last 90 days).`;
}

/** What fixed a similar incident, when its report was confirmed or corrected with a resolution. */
export function resolutionOf(similar: object): string | null {
  const r = (similar as { resolution?: unknown }).resolution;
  return typeof r === 'string' && r.trim() !== '' ? r : null;
}
