import { MemoryBlobStore } from '../../../shared/adapters/local/memory-blob-store.ts';
import { incidentRecord } from '../../../shared/analysis/similarity/incident-memory.ts';
import { hmacFeedbackTokens } from '../../../shared/console/server/feedback-tokens.ts';
import type { ConsoleDeps } from '../../../shared/console/types.ts';
import type { Report } from '../../../shared/domain/report.ts';
import type { BlobStore } from '../../../shared/ports/blob-store.ts';
import type { IncidentRecord, IncidentStore, IncidentTriage } from '../../../shared/ports/incident-store.ts';

/** The IncidentStore contract in memory: `list` newest first, strictly before the cursor. */
export class MemoryIncidentStore implements IncidentStore {
  readonly records = new Map<string, IncidentRecord>();

  async put(record: IncidentRecord): Promise<void> {
    this.records.set(record.incidentId, structuredClone(record));
  }

  async get(incidentId: string): Promise<IncidentRecord | null> {
    const record = this.records.get(incidentId);
    return record ? structuredClone(record) : null;
  }

  async candidates(): Promise<IncidentRecord[]> {
    return [...this.records.values()];
  }

  async list(query: { limit: number; before?: string }): Promise<IncidentRecord[]> {
    const before = query.before === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.before);
    return [...this.records.values()]
      .filter((r) => Date.parse(r.occurredAt) < before)
      .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))
      .slice(0, query.limit);
  }

  async updateTriage(incidentId: string, triage: IncidentTriage): Promise<IncidentRecord | null> {
    const record = this.records.get(incidentId);
    if (!record) return null;
    record.triage = structuredClone(triage);
    return structuredClone(record);
  }
}

export const NOW = new Date('2026-11-01T00:00:00.000Z');

export function consoleDeps(): ConsoleDeps & { store: MemoryIncidentStore; blobs: MemoryBlobStore } {
  return {
    store: new MemoryIncidentStore(),
    blobs: new MemoryBlobStore(),
    now: () => NOW,
    tokens: hmacFeedbackTokens('a test secret of enough length'),
  };
}

/** The record publish would write for `report`, its report.json stored under `reports/<id>/`. */
export async function addReport(
  deps: { store: IncidentStore; blobs: BlobStore },
  report: Report,
  overrides: Partial<IncidentRecord> = {},
): Promise<IncidentRecord> {
  const reportLocation = `reports/${report.incidentId}/report.json`;
  await deps.blobs.put(reportLocation, JSON.stringify(report));
  const record: IncidentRecord = { ...incidentRecord(report, reportLocation), ...overrides };
  await deps.store.put(record);
  return record;
}

/** A copy of `report` as another incident: its own id, time, title and root cause. */
export function variant(
  report: Report,
  changes: {
    id: string;
    at: string;
    title?: string;
    severity?: Report['severity'];
    service?: string;
    faultClass?: Report['rootCause']['faultClass'];
    summary?: string;
  },
): Report {
  const copy = structuredClone(report);
  copy.incidentId = changes.id;
  copy.alarm.triggeredAt = changes.at;
  if (changes.title) copy.title = changes.title;
  if (changes.severity) copy.severity = changes.severity;
  if (changes.service) copy.rootCause.service = changes.service;
  if (changes.faultClass) copy.rootCause.faultClass = changes.faultClass;
  if (changes.summary) copy.rootCause.summary = changes.summary;
  return copy;
}
