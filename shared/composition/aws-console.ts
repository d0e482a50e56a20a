import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ClientHook } from './aws.ts';
import { SDK_RETRY } from './sdk-retry.ts';

export interface ConsoleAuthClients {
  /** Reads the console's per-purpose keys. */
  secrets: SecretsManagerClient;
  /** Asks whether a session's user is still enabled (AdminGetUser). */
  cognito: CognitoIdentityProviderClient;
}

/** The console sign-in's SDK clients, with the standard SDK configuration, like those of `aws.ts`. */
export function createConsoleAuthClients(hook: ClientHook = (c) => c): ConsoleAuthClients {
  return {
    secrets: hook(new SecretsManagerClient(SDK_RETRY)),
    cognito: hook(new CognitoIdentityProviderClient(SDK_RETRY)),
  };
}
