import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  KEYS_MAX_AGE_MS,
  keySecretIdsFromEnv,
  secretsManagerKeys,
} from '../../../shared/console/auth/secrets-manager-keys.ts';
import { hmacSigner } from '../../../shared/console/auth/signer.ts';
import { CONSOLE_KEY_ENV } from '../../../shared/deployment/environment-names.ts';

const IDS = {
  session: 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:unit-session-AbCdEf',
  state: 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:unit-state-GhIjKl',
  feedback: 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:unit-feedback-MnOpQr',
};
const value = (purpose: string, version: string) => `${purpose}-${version}-0123456789abcdefghijklmnopqrstuv`;

const secrets = mockClient(SecretsManagerClient);

/** Secrets Manager holding each key at `version` (AWSCURRENT), and `previous` (AWSPREVIOUS) if given. */
function holdKeys(version: string, previous?: string) {
  secrets.reset();
  secrets.on(GetSecretValueCommand).callsFake((input: { SecretId: string; VersionStage?: string }) => {
    const purpose = Object.entries(IDS).find(([, id]) => id === input.SecretId)?.[0];
    if (!purpose) throw new ResourceNotFoundException({ message: 'no such secret', $metadata: {} });
    if (input.VersionStage === 'AWSPREVIOUS') {
      if (!previous) throw new ResourceNotFoundException({ message: 'no AWSPREVIOUS', $metadata: {} });
      return { SecretString: value(purpose, previous) };
    }
    return { SecretString: value(purpose, version) };
  });
}

describe('the console keys from Secrets Manager', () => {
  let clock: number;
  const keysOf = () =>
    secretsManagerKeys({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
      secretIds: IDS,
      clock: () => clock,
    });

  beforeEach(() => {
    clock = 1_000_000;
    holdKeys('v1');
  });

  it('signs each purpose with its own secret', async () => {
    const keys = await keysOf()();

    expect(keys.session.sign('x')).toBe(hmacSigner(value('session', 'v1')).sign('x'));
    expect(keys.state.sign('x')).toBe(hmacSigner(value('state', 'v1')).sign('x'));
    expect(keys.feedback.sign('x')).toBe(hmacSigner(value('feedback', 'v1')).sign('x'));
    expect(new Set([keys.session.sign('x'), keys.state.sign('x'), keys.feedback.sign('x')]).size).toBe(3);
    expect(keys.state.verify('x', keys.session.sign('x'))).toBe(false);
    const asked = secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input);
    expect(new Set(asked.map((i) => i.SecretId))).toEqual(new Set(Object.values(IDS)));
  });

  it('reads them once while fresh, shares one read between concurrent requests, and again after the bound', async () => {
    const keys = keysOf();
    await Promise.all([keys(), keys(), keys()]);
    clock += KEYS_MAX_AGE_MS - 1;
    await keys();
    const first = secrets.commandCalls(GetSecretValueCommand).length;
    expect(first).toBe(6); // three secrets, AWSCURRENT and AWSPREVIOUS each

    holdKeys('v2', 'v1');
    clock += 1;
    const rotated = await keys();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(6);
    expect(rotated.session.sign('x')).toBe(hmacSigner(value('session', 'v2')).sign('x'));
  });

  it('after a rotation signs with the new key and still accepts values of the previous one', async () => {
    const before = await keysOf()();
    const oldCookie = before.session.sign('cookie');
    holdKeys('v2', 'v1');
    clock += KEYS_MAX_AGE_MS;

    const after = await keysOf()();
    expect(after.session.verify('cookie', oldCookie)).toBe(true);
    expect(after.session.sign('cookie')).not.toBe(oldCookie);

    holdKeys('v3', 'v2');
    const later = await keysOf()();
    expect(later.session.verify('cookie', oldCookie)).toBe(false);
  });

  it('does not remember a failed read: the next request asks again', async () => {
    secrets.reset();
    secrets.on(GetSecretValueCommand).rejects(new Error('throttled'));
    const keys = keysOf();
    await expect(keys()).rejects.toThrow('throttled');

    holdKeys('v1');
    await expect(keys()).resolves.toBeDefined();
  });

  it('refuses a secret too short to be a key', async () => {
    secrets.reset();
    secrets.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: 'short' });
    secrets
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));

    await expect(keysOf()()).rejects.toThrow(/at least 32 characters/);
  });

  it('reads the ARNs from the environment and refuses to start without one', () => {
    const env = {
      [CONSOLE_KEY_ENV.session]: IDS.session,
      [CONSOLE_KEY_ENV.state]: IDS.state,
      [CONSOLE_KEY_ENV.feedback]: IDS.feedback,
    };
    expect(keySecretIdsFromEnv(env)).toEqual(IDS);
    expect(() => keySecretIdsFromEnv({ ...env, [CONSOLE_KEY_ENV.feedback]: '' })).toThrow(
      CONSOLE_KEY_ENV.feedback,
    );
  });
});
