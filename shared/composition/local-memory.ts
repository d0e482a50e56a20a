import { join, resolve } from 'node:path';
import { DynamoDbIncidentStore, ensureIncidentTable } from '../adapters/aws/dynamodb-incident-store.ts';
import { startLocalDynamo } from '../adapters/local/local-dynamo.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import { LOCAL_INCIDENT_TABLE } from './local.ts';

export { recordFeedback } from '../analysis/similarity/feedback.ts';
export {
  rememberIncident,
  similarFor,
  withIncidentMemory,
} from '../analysis/similarity/incident-memory.ts';

export interface LocalMemory {
  store: IncidentStore;
  /** Closes the embedded database; another process can open it afterwards. */
  close(): Promise<void>;
}

/**
 * The incident table on a laptop: the DynamoDB adapter against dynalite, persisted under
 * `<home>/dynamodb` (the folder `createLocalWorkflow` uses), the table created on first use.
 */
export async function openLocalMemory(
  home: string,
  options: { now?: () => Date } = {},
): Promise<LocalMemory> {
  const dynamo = await startLocalDynamo({ path: join(resolve(home), 'dynamodb') });
  try {
    await ensureIncidentTable(dynamo.client, LOCAL_INCIDENT_TABLE);
  } catch (error) {
    await dynamo.close();
    throw error;
  }
  const store = new DynamoDbIncidentStore({
    client: dynamo.doc,
    tableName: LOCAL_INCIDENT_TABLE,
    ...(options.now ? { now: options.now } : {}),
  });
  return { store, close: () => dynamo.close() };
}
