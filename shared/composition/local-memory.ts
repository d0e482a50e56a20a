import { join, resolve } from 'node:path';
import { DynamoDbIncidentStore, ensureIncidentTable } from '../adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../adapters/local/local-dynamo.ts';
import { type IncidentStore, IncidentStoreUnavailableError } from '../ports/incident-store.ts';
import { LOCAL_INCIDENT_TABLE } from './local.ts';

export { FeedbackError, recordFeedback } from '../analysis/similarity/feedback.ts';
export {
  rememberIncident,
  similarFor,
  withIncidentMemory,
} from '../analysis/similarity/incident-memory.ts';

export interface LocalMemory {
  store: IncidentStore;
  /** What is wrong with the store though it opened (LevelDB dropped damaged records), for the reader. */
  notes(): string[];
  /** Closes this process's use of the table; other processes keep theirs. */
  close(): Promise<void>;
}

/** Where the local incident table lives under `home`. */
export function localTablePath(home: string): string {
  return join(resolve(home), 'dynamodb');
}

/**
 * The incident table on a laptop: the DynamoDB adapter against dynalite, persisted under
 * `<home>/dynamodb` (the folder `createLocalWorkflow` uses) and shared by every process using that
 * home, the table created on first use. A table that cannot be opened is an
 * IncidentStoreUnavailableError saying why.
 */
export async function openLocalMemory(
  home: string,
  options: { now?: () => Date } = {},
): Promise<LocalMemory> {
  let dynamo: LocalDynamo;
  try {
    dynamo = await startLocalDynamo({ path: localTablePath(home) });
  } catch (error) {
    throw new IncidentStoreUnavailableError(storeProblem(home, error));
  }
  try {
    await ensureIncidentTable(dynamo.client, LOCAL_INCIDENT_TABLE);
  } catch (error) {
    await dynamo.close().catch(() => {});
    throw new IncidentStoreUnavailableError(storeProblem(home, error));
  }
  const store = new DynamoDbIncidentStore({
    client: dynamo.doc,
    tableName: LOCAL_INCIDENT_TABLE,
    ...(options.now ? { now: options.now } : {}),
  });
  return { store, notes: () => storeRepairNotes(home, dynamo.repairs()), close: () => dynamo.close() };
}

/** What is wrong with a local table that could not be used, and what to do about it. */
function storeProblem(home: string, error: unknown, maxReason = 300): string {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, maxReason);
  return `the local incident store under ${localTablePath(home)} could not be used (${reason}); move that folder aside to start a new store`;
}

/**
 * The report's words for a local table it could not use; the reason is cut shorter than the
 * console's, so the note stays whole within a workflow note's 500 characters.
 */
export function storeUnavailableNote(home: string, error: unknown): string {
  return `${storeProblem(home, error, 120)}. This analysis is not compared with past incidents nor recorded for the console`;
}

/** The report's words for records LevelDB dropped when it opened a damaged table. */
export function storeRepairNotes(home: string, repairs: readonly string[]): string[] {
  if (repairs.length === 0) return [];
  return [
    `the local incident store under ${localTablePath(home)} was damaged: on opening, its database dropped ${repairs.length === 1 ? 'a damaged part' : `${repairs.length} damaged parts`} of its log, so incidents recorded before may be missing from the similar incidents and the console`,
  ];
}
