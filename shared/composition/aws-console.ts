import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDbSessionRevocations } from '../console/auth/dynamodb-revocations.ts';
import type { SessionRevocations } from '../console/auth/types.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import { s3BlobStore } from './aws-blobs.ts';
import { dynamoDbIncidents, incidentTableClient } from './aws-incidents.ts';
import { awsContext, type ClientHook } from './aws-step.ts';
import { readFunctionConfig } from './environment.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/**
 * The console's data: the incident table and the report bucket, with the standard SDK configuration;
 * and the logout records, items of the same table.
 */
export function createConsoleStores(
  env: Record<string, string | undefined>,
  hook: ClientHook = (c) => c,
): { store: IncidentStore; blobs: BlobStore; revocations: SessionRevocations } {
  const context = awsContext(readFunctionConfig(env), hook);
  const revocations = new DynamoDbSessionRevocations(
    incidentTableClient(context),
    context.config.incidentTable,
  );
  return { ...dynamoDbIncidents(context), blobs: s3BlobStore(context), revocations };
}

export interface ConsoleAuthClients {
  /** Reads the console's per-purpose keys. */
  secrets: SecretsManagerClient;
  /** Asks whether a session's user is still enabled (AdminGetUser); signs them out at logout (AdminUserGlobalSignOut). */
  cognito: CognitoIdentityProviderClient;
}

/** The console sign-in's SDK clients, with the standard SDK configuration, like those of the steps' compositions. */
export function createConsoleAuthClients(hook: ClientHook = (c) => c): ConsoleAuthClients {
  return {
    secrets: hook(new SecretsManagerClient(SDK_RETRY)),
    cognito: hook(new CognitoIdentityProviderClient(SDK_RETRY)),
  };
}
