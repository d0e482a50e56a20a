import type { Report } from '../domain/report.ts';
import type { BlobStore } from '../ports/blob-store.ts';

/** What analyze leaves for the next steps (offline-report.json): the offline report and its signature. */
export interface OfflineReport {
  report: Report;
  signature: string[];
}

/** The offline report analyze wrote. */
export async function storedOfflineReport(
  key: string,
  blobs: Pick<BlobStore, 'get'>,
): Promise<OfflineReport> {
  return JSON.parse(await blobs.get(key)) as OfflineReport;
}
