import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { BlobStore } from '../ports/blob-store.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import { s3BlobStore } from './aws-blobs.ts';
import { dynamoDbIncidents } from './aws-incidents.ts';
import { awsContext, type ClientHook } from './aws-step.ts';
import { readFunctionConfig } from './environment.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The console's data: the incident table and the report bucket, with the standard SDK configuration. */
export function createConsoleStores(
  env: Record<string, string | undefined>,
  hook: ClientHook = (c) => c,
): { store: IncidentStore; blobs: BlobStore } {
  const context = awsContext(readFunctionConfig(env), hook);
  return { ...dynamoDbIncidents(context), blobs: s3BlobStore(context) };
}

export interface ConsoleAuthClients {
  /** Reads the console's per-purpose keys. */
  secrets: SecretsManagerClient;
  /** Asks whether a session's user is still enabled (AdminGetUser). */
  cognito: CognitoIdentityProviderClient;
}

/** The console sign-in's SDK clients, with the standard SDK configuration, like those of the steps' compositions. */
export function createConsoleAuthClients(hook: ClientHook = (c) => c): ConsoleAuthClients {
  return {
    secrets: hook(new SecretsManagerClient(SDK_RETRY)),
    cognito: hook(new CognitoIdentityProviderClient(SDK_RETRY)),
  };
}
