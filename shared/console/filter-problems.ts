import { FAULT_CLASSES } from '../domain/fault-class.ts';
import { SEVERITIES } from '../domain/severity.ts';
import { INCIDENT_STATUSES } from '../ports/incident-store.ts';
import { type ListFilters, parseFilters } from './list-filters.ts';

/** Longest text a message quotes back of a refused value. */
const QUOTED = 40;

const quote = (value: string) => `"${value.length > QUOTED ? `${value.slice(0, QUOTED)}…` : value}"`;

/**
 * What is wrong with the list's query string, one sentence per refused filter, so the page says
 * why a filter was left out instead of silently showing every incident.
 */
export function filterProblems(
  query: Readonly<Record<string, string>>,
  filters: ListFilters = parseFilters(query),
): string[] {
  const problems: string[] = [];
  const given = (name: string) => {
    const value = query[name]?.trim();
    return value ? value : undefined;
  };
  const refused = (name: string, label: string, allowed: string) => {
    const value = given(name);
    if (value !== undefined)
      problems.push(`${label} ${quote(value)} is not one of ${allowed}: it was left out.`);
  };
  if (!filters.severity) refused('severity', 'Severity', SEVERITIES.join(', '));
  if (!filters.faultClass) refused('class', 'Fault class', `the ${FAULT_CLASSES.length} fault classes`);
  if (!filters.status) refused('status', 'Status', INCIDENT_STATUSES.join(', '));
  for (const [name, label] of [
    ['from', 'From'],
    ['to', 'To'],
  ] as const) {
    const value = given(name);
    if (value !== undefined && filters[name] === undefined) {
      problems.push(`${label} ${quote(value)} is not a date (yyyy-mm-dd): it was left out.`);
    }
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    problems.push(`From ${filters.from} is after To ${filters.to}: no incident can match.`);
  }
  if (given('before') !== undefined && !filters.before) {
    problems.push(
      `The page cursor ${quote(given('before') ?? '')} is not a time: showing the newest incidents.`,
    );
  }
  return problems;
}
