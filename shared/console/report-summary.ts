import type { FrequencyLabelName, IncidentFrequency } from '../analysis/similarity/frequency.ts';
import { SEVERITIES, type Severity } from '../domain/severity.ts';
import { reportSearchText } from './search-text.ts';

/** What a list row needs from a report that the incident record does not hold. */
export interface ReportSummary {
  severity: Severity | null;
  frequency: IncidentFrequency | null;
  /** The report's searchable text (trigger, quoted lines, fixes, services): `search-text.ts`. */
  searchText: string;
}

const FREQUENCY_NAMES: Readonly<Record<FrequencyLabelName, string>> = {
  new: 'New',
  rare: 'Rare',
  recurring: 'Recurring',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The report's `frequency` extension field, when it has a valid one (older reports do not). */
export function frequencyOf(report: unknown): IncidentFrequency | null {
  const value = isRecord(report) ? report.frequency : undefined;
  if (!isRecord(value)) return null;
  const { label, last30Days, last90Days } = value;
  if (typeof label !== 'string' || !(label in FREQUENCY_NAMES)) return null;
  if (typeof last30Days !== 'number' || typeof last90Days !== 'number') return null;
  return { label: label as FrequencyLabelName, last30Days, last90Days };
}

/** Severity and frequency of a parsed report.json, read defensively: the list must not fail on one bad report. */
export function summarize(report: unknown): ReportSummary {
  const severity = isRecord(report) ? report.severity : undefined;
  return {
    severity: SEVERITIES.find((s) => s === severity) ?? null,
    frequency: frequencyOf(report),
    searchText: reportSearchText(report),
  };
}

/** `Recurring`, `Rare`, `New`; `Not computed` for reports without the field. */
export function frequencyName(frequency: IncidentFrequency | null): string {
  return frequency ? FREQUENCY_NAMES[frequency.label] : 'Not computed';
}
