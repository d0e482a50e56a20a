import type { LogRecord } from '../../domain/log-event.ts';

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A total order on records: time, then the verbatim text, then where they were written. */
export function compareRecords(a: LogRecord, b: LogRecord): number {
  return (
    a.at - b.at ||
    compareText(a.raw, b.raw) ||
    compareText(a.logGroup, b.logGroup) ||
    compareText(a.logStream ?? '', b.logStream ?? '')
  );
}

export function earlierRecord(a: LogRecord, b: LogRecord): boolean {
  return compareRecords(a, b) < 0;
}
