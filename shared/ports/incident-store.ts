import { StoreUnavailableError } from '../domain/errors.ts';
import type { FaultClass } from '../domain/fault-class.ts';

/** Where an incident stands for the people handling it; an incident without triage is open. */
export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Who handles an incident and how far they are; changed in the console, kept across re-analyses. */
export interface IncidentTriage {
  status: IncidentStatus;
  /** Who owns it (free text: a name, an e-mail, a team); absent when nobody took it. */
  owner?: string;
  /** ISO-8601 time of the change. */
  at: string;
  /** Who made the change (the console's signed-in user), when known. */
  by?: string;
}

/** The incident store cannot be read or written: damaged, or its files cannot be opened. */
export class IncidentStoreUnavailableError extends StoreUnavailableError {}

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
  feedback?: {
    verdict: 'confirmed' | 'corrected';
    correctedRootCause?: string;
    note?: string;
    /** Who gave it: the console user's e-mail (or Cognito `sub`); absent from the local console and CLI. */
    author?: string;
    at: string;
  };
  /** Status and owner; absent until someone changes them (the incident is then open, unowned). */
  triage?: IncidentTriage;
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
  /**
   * Sets the incident's triage (replacing the earlier one) without touching the rest of its record,
   * so it cannot undo a concurrent re-analysis or feedback; null when there is no such incident.
   */
  updateTriage(incidentId: string, triage: IncidentTriage): Promise<IncidentRecord | null>;
}
