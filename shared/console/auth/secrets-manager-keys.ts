import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CONSOLE_KEY_ENV, type KeyPurpose } from '../../deployment/environment-names.ts';
import { ConfigurationError } from '../../domain/errors.ts';
import { hmacSigner } from './signer.ts';
import type { ConsoleKeys } from './types.ts';

const PURPOSES = Object.keys(CONSOLE_KEY_ENV) as KeyPurpose[];

/** How long fetched keys are used before Secrets Manager is asked again (a rotation takes effect within this). */
export const KEYS_MAX_AGE_MS = 5 * 60_000;
const CALL_TIMEOUT_MS = 3_000;

export interface SecretsManagerKeysOptions {
  client: SecretsManagerClient;
  secretIds: Record<KeyPurpose, string>;
  maxAgeMs?: number;
  /** ms. */
  clock?: () => number;
}

/** The secret ids from the console Lambda's environment; a missing one is an error (never run open). */
export function keySecretIdsFromEnv(env: Record<string, string | undefined>): Record<KeyPurpose, string> {
  const ids = {} as Record<KeyPurpose, string>;
  for (const purpose of PURPOSES) {
    const value = env[CONSOLE_KEY_ENV[purpose]];
    if (!value) throw new ConfigurationError(`environment variable ${CONSOLE_KEY_ENV[purpose]} is not set`);
    ids[purpose] = value;
  }
  return ids;
}

/**
 * The console's keys, read from Secrets Manager at run time and kept in memory for `maxAgeMs`:
 * each purpose its own secret, signing with its AWSCURRENT version and accepting its AWSPREVIOUS
 * one, so that a rotation signs nobody out at once. Concurrent requests share one fetch; a failed
 * fetch is not remembered (the next request tries again).
 */
export function secretsManagerKeys(options: SecretsManagerKeysOptions): () => Promise<ConsoleKeys> {
  const maxAge = options.maxAgeMs ?? KEYS_MAX_AGE_MS;
  const clock = options.clock ?? Date.now;
  let cached: { keys: Promise<ConsoleKeys>; at: number } | undefined;

  const read = async (secretId: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    try {
      const { SecretString } = await options.client.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }),
        { abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) },
      );
      if (!SecretString) throw new Error(`secret ${secretId} (${stage}) has no string value`);
      return SecretString;
    } catch (error) {
      // A secret never rotated has no AWSPREVIOUS version.
      if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };

  const load = async (): Promise<ConsoleKeys> => {
    const signers = await Promise.all(
      PURPOSES.map(async (purpose) => {
        const id = options.secretIds[purpose];
        const [current, previous] = await Promise.all([read(id, 'AWSCURRENT'), read(id, 'AWSPREVIOUS')]);
        return [purpose, hmacSigner(current ?? '', previous)] as const;
      }),
    );
    return Object.fromEntries(signers) as unknown as ConsoleKeys;
  };

  return () => {
    if (cached && clock() - cached.at < maxAge) return cached.keys;
    const keys = load();
    const entry = { keys, at: clock() };
    cached = entry;
    keys.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return keys;
  };
}
