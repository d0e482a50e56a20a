import { FAULT_CLASSES, type FaultClass } from '../domain/fault-class.ts';
import { SEVERITIES, type Severity } from '../domain/severity.ts';
import { INCIDENT_STATUSES, type IncidentRecord, type IncidentStatus } from '../ports/incident-store.ts';

/** The incident list's filters, as the query string gives them (`?service=&severity=&class=&from=&to=&q=`). */
export interface ListFilters {
  /** Root or affected service. */
  service?: string;
  severity?: Severity;
  faultClass?: FaultClass;
  /** Inclusive UTC days, `yyyy-mm-dd`. */
  from?: string;
  to?: string;
  /** Words that must all appear in the incident's text (`search-text.ts`; case-insensitive). */
  q?: string;
  status?: IncidentStatus;
  /** Paging cursor: only incidents that occurred strictly before this ISO time. */
  before?: string;
}

const DAY_MS = 86_400_000;
const MAX_TEXT = 200;

function day(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const time = Date.parse(`${value}T00:00:00.000Z`);
  return Number.isNaN(time) ? undefined : value;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim().slice(0, MAX_TEXT);
  return trimmed ? trimmed : undefined;
}

/** Filters from the query string; values that are not valid are left out (the form shows "Any"). */
export function parseFilters(query: Readonly<Record<string, string>>): ListFilters {
  const severity = SEVERITIES.find((s) => s === query.severity);
  const faultClass = FAULT_CLASSES.find((c) => c === query.class);
  const status = INCIDENT_STATUSES.find((s) => s === query.status);
  const before = query.before && !Number.isNaN(Date.parse(query.before)) ? query.before : undefined;
  const filters: ListFilters = {
    service: text(query.service),
    severity,
    faultClass,
    from: day(query.from),
    to: day(query.to),
    q: text(query.q),
    status,
    before,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as ListFilters;
}

/** The query string of `filters` (empty values left out), `?`-prefixed, or '' when there are none. */
export function filtersQuery(filters: ListFilters): string {
  const params = new URLSearchParams();
  const names: [keyof ListFilters, string][] = [
    ['q', 'q'],
    ['status', 'status'],
    ['service', 'service'],
    ['severity', 'severity'],
    ['faultClass', 'class'],
    ['from', 'from'],
    ['to', 'to'],
    ['before', 'before'],
  ];
  for (const [key, name] of names) {
    const value = filters[key];
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The store's cursor for a page: the earlier of `before` and the end of the `to` day. */
export function listCursor(filters: ListFilters): string | undefined {
  const endOfTo = filters.to
    ? new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + DAY_MS).toISOString()
    : undefined;
  if (!filters.before) return endOfTo;
  if (!endOfTo) return filters.before;
  return Date.parse(filters.before) < Date.parse(endOfTo) ? filters.before : endOfTo;
}

/** True when the record occurred before the `from` day: it and every older record are out of range. */
export function beforeRange(record: IncidentRecord, filters: ListFilters): boolean {
  return (
    filters.from !== undefined && Date.parse(record.occurredAt) < Date.parse(`${filters.from}T00:00:00.000Z`)
  );
}

const normalize = (value: string): string => value.normalize('NFKC').toLowerCase();

/** Whether the record passes the filters the record itself can answer (all but severity and text). */
export function matchesRecord(record: IncidentRecord, filters: ListFilters): boolean {
  if (filters.faultClass && record.faultClass !== filters.faultClass) return false;
  if (filters.service) {
    const wanted = normalize(filters.service);
    const services = [record.rootService, ...record.affectedServices].filter((s): s is string => !!s);
    if (!services.some((s) => normalize(s) === wanted)) return false;
  }
  if (beforeRange(record, filters)) return false;
  if (filters.status && (record.triage?.status ?? 'open') !== filters.status) return false;
  return true;
}

/** Whether any filter other than the paging cursor is set. */
export function isFiltered(filters: ListFilters): boolean {
  return Object.entries(filters).some(([key, value]) => key !== 'before' && value !== undefined);
}
