import type { BlobStore } from '../ports/blob-store.ts';
import type { IncidentRecord, IncidentStore } from '../ports/incident-store.ts';
import { beforeRange, type ListFilters, listCursor, matchesRecord } from './list-filters.ts';
import { type ReportSummary, summarize } from './report-summary.ts';
import { matchesWords, recordSearchText } from './search-text.ts';

/** Rows per page. */
export const PAGE_SIZE = 25;
/** Records read from the store per page, before filtering. */
export const SCAN_LIMIT = 200;
/** Reports read at once (each row's severity and frequency live in its report). */
const READ_BATCH = 8;

export interface IncidentRow {
  record: IncidentRecord;
  summary: ReportSummary;
}

export interface IncidentPage {
  rows: IncidentRow[];
  /** Every service the scanned records name, for the service filter. */
  services: string[];
  /** How many incidents the store gave for this page before filtering (at most SCAN_LIMIT). */
  scanned: number;
  /** The `before` cursor of the next (older) page, or null at the end. */
  next: string | null;
}

async function readSummary(blobs: BlobStore, record: IncidentRecord): Promise<ReportSummary> {
  try {
    return summarize(JSON.parse(await blobs.get(record.reportLocation)));
  } catch {
    // A missing (expired) or unreadable report still lists the incident, without severity.
    return { severity: null, frequency: null, searchText: '' };
  }
}

/**
 * One page of the incident list, newest first: up to SCAN_LIMIT records from the store, filtered
 * on what the records hold, then their reports read (in small batches, only as many as the page
 * needs) for severity and frequency.
 */
export async function loadIncidentPage(
  deps: { store: IncidentStore; blobs: BlobStore },
  filters: ListFilters,
): Promise<IncidentPage> {
  const before = listCursor(filters);
  const records = await deps.store.list({ limit: SCAN_LIMIT, ...(before ? { before } : {}) });
  const services = [...new Set(records.flatMap((r) => [r.rootService ?? '', ...r.affectedServices]))]
    .filter(Boolean)
    .sort();
  const candidates = records.filter((r) => matchesRecord(r, filters));
  const rows: IncidentRow[] = [];
  let examined = 0;
  while (rows.length < PAGE_SIZE && examined < candidates.length) {
    const batch = candidates.slice(examined, examined + READ_BATCH);
    const summaries = await Promise.all(batch.map((r) => readSummary(deps.blobs, r)));
    for (const [i, record] of batch.entries()) {
      examined++;
      const summary = summaries[i] ?? { severity: null, frequency: null, searchText: '' };
      if (filters.severity && summary.severity !== filters.severity) continue;
      if (filters.q && !matchesWords(filters.q, recordSearchText(record), summary.searchText)) continue;
      rows.push({ record, summary });
      if (rows.length === PAGE_SIZE) break;
    }
  }
  return { rows, services, scanned: records.length, next: nextCursor(records, rows, filters) };
}

function nextCursor(records: IncidentRecord[], rows: IncidentRow[], filters: ListFilters): string | null {
  const last = records.at(-1);
  if (rows.length === PAGE_SIZE) return rows.at(-1)?.record.occurredAt ?? null;
  // Fewer rows than a page: the scan ran out. More is left only if the store had more to give.
  if (records.length < SCAN_LIMIT || !last || beforeRange(last, filters)) return null;
  return last.occurredAt;
}
