import type { FaultClass } from '../domain/fault-class.ts';

/** What is kept of an analyzed incident for later similarity search. */
export interface IncidentRecord {
  incidentId: string;
  title: string;
  /** ISO-8601 alarm time. */
  occurredAt: string;
  alarmName: string;
  rootService: string | null;
  faultClass: FaultClass;
  affectedServices: string[];
  /** Constant tokens of the incident's new error templates, for lexical similarity. */
  signature: string[];
  rootCause: string;
  /** Where the report lives (S3 key or file path). */
  reportLocation: string;
  resolution?: string;
  feedback?: { verdict: 'confirmed' | 'corrected'; correctedRootCause?: string; note?: string; at: string };
}

/** The incident table (DynamoDB in AWS, dynalite locally). */
export interface IncidentStore {
  put(record: IncidentRecord): Promise<void>;
  get(incidentId: string): Promise<IncidentRecord | null>;
  /** Past incidents with the same root service or fault class, plus recent ones: the candidates to rank. */
  candidates(query: {
    rootService: string | null;
    faultClass: FaultClass;
    limit: number;
  }): Promise<IncidentRecord[]>;
  /**
   * The newest incidents first, at most `limit`; with `before` (ISO-8601) only those that occurred
   * strictly before it (the cursor of the next page: the `occurredAt` of the last one shown).
   */
  list(query: { limit: number; before?: string }): Promise<IncidentRecord[]>;
}
