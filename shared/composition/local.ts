import { join, resolve } from 'node:path';
import { DynamoDbIncidentStore, ensureIncidentTable } from '../adapters/aws/dynamodb-incident-store.ts';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import { FolderLogFetcher } from '../adapters/local/folder-log-fetcher.ts';
import { startLocalDynamo } from '../adapters/local/local-dynamo.ts';
import { OutboxNotifier } from '../adapters/local/outbox-notifier.ts';
import type { WindowOptions } from '../analysis/window.ts';
import type { LogFetcher } from '../ports/log-fetcher.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';

export const LOCAL_INCIDENT_TABLE = 'incidentiq-incidents';

export interface LocalWorkflow {
  deps: WorkflowDeps;
  close(): Promise<void>;
}

/**
 * The workflow's adapters on a laptop, all under the `--home` folder: blobs as files, the
 * incident table in an embedded, persisted DynamoDB (dynalite), notifications in an outbox.
 */
export async function createLocalWorkflow(options: {
  home: string;
  fetcher: LogFetcher;
  windows?: Partial<WindowOptions>;
  explicitLogGroups?: string[];
}): Promise<LocalWorkflow> {
  const home = resolve(options.home);
  const dynamo = await startLocalDynamo({ path: join(home, 'dynamodb') });
  await ensureIncidentTable(dynamo.client, LOCAL_INCIDENT_TABLE);
  const deps: WorkflowDeps = {
    blobs: new FileBlobStore(join(home, 'blobs')),
    fetcher: options.fetcher,
    store: new DynamoDbIncidentStore({ client: dynamo.doc, tableName: LOCAL_INCIDENT_TABLE }),
    notifier: new OutboxNotifier(join(home, 'outbox')),
    logGroups: { alarmLogGroups: {}, defaultLogGroups: [] },
    ...(options.explicitLogGroups ? { explicitLogGroups: options.explicitLogGroups } : {}),
    windows: options.windows ?? {},
    consoleUrl: null,
    clock: () => performance.now(),
  };
  return { deps, close: () => dynamo.close() };
}

/** The local stand-in for CloudWatch Logs: the incident folder's logs.jsonl. */
export function folderFetcher(dir: string): LogFetcher {
  return new FolderLogFetcher(dir);
}
