import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { ExpiringJwksCache } from '../../../shared/console/auth/jwks-cache.ts';
import { hmacSigner } from '../../../shared/console/auth/signer.ts';
import type { CognitoSettings, ConsoleKeys, Session } from '../../../shared/console/auth/types.ts';
import { NOW } from './console-fakes.ts';

/** A made-up pool and console, for the sign-in tests. */
export const SETTINGS: CognitoSettings = {
  domainUrl: 'https://incidentiq-unit-210987654321.auth.eu-west-1.amazoncognito.com',
  clientId: 'unit-console-client',
  userPoolId: 'eu-west-1_UnitPool9',
  region: 'eu-west-1',
  consoleUrl: 'https://xyz789.execute-api.eu-west-1.amazonaws.com',
};
export const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_UnitPool9';
export const JWKS_URI = `${ISSUER}/.well-known/jwks.json`;
export const NOW_S = Math.floor(NOW.getTime() / 1000);

/** Three different keys, as Secrets Manager would hold them. */
export const testKeys = (tag = 'k'): ConsoleKeys => ({
  session: hmacSigner(`${tag}-session-key-for-the-unit-tests-0001`),
  state: hmacSigner(`${tag}-state-key-for-the-unit-tests-000002`),
  feedback: hmacSigner(`${tag}-feedback-key-for-the-unit-tests-003`),
});

export const USER = {
  sub: '7d1f0c2e-aaaa-4bbb-8ccc-123456789abc',
  username: 'u-7d1f0c2e',
  email: 'ana@example.org',
};

export const session = (overrides: Partial<Session> = {}): Session => ({
  id: 'session-id-0001',
  ...USER,
  issuedAt: NOW_S - 60,
  expiresAt: NOW_S + 3000,
  ...overrides,
});

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
export const poolKeys = keyPair();
export const otherKeys = keyPair();

export const poolJwks = (kid = 'pool-key-1', key: KeyObject = poolKeys.publicKey): Jwks => ({
  keys: [
    {
      ...(key.export({ format: 'jwk' }) as Record<string, string>),
      kid,
      alg: 'RS256',
      use: 'sig',
      kty: 'RSA',
    },
  ],
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An ID token as the pool would issue it now; `claims` overrides (undefined removes) a claim. */
export function idToken(
  claims: Record<string, unknown> = {},
  options: { key?: KeyObject; kid?: string; alg?: string } = {},
): string {
  const payload: Record<string, unknown> = {
    sub: USER.sub,
    'cognito:username': USER.username,
    email: USER.email,
    email_verified: true,
    iss: ISSUER,
    aud: SETTINGS.clientId,
    token_use: 'id',
    auth_time: NOW_S - 5,
    iat: NOW_S - 5,
    exp: NOW_S + 3595,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  const input = `${b64({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'pool-key-1', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), options.key ?? poolKeys.privateKey).toString('base64url')}`;
}

/** The pool's JWKS endpoint, counting its downloads; `jwks` can be changed between calls (a rotation). */
export function fakeJwksEndpoint(initial = poolJwks()) {
  const state = { jwks: initial, downloads: 0 };
  const fetcher: Fetcher = {
    fetch: async (uri) => {
      if (uri !== JWKS_URI) throw new Error(`unexpected fetch of ${uri}`);
      state.downloads += 1;
      return new TextEncoder().encode(JSON.stringify(state.jwks)).buffer as ArrayBuffer;
    },
  };
  return { state, fetcher };
}

export const jwksCacheOf = (fetcher: Fetcher, clock: () => number = () => NOW.getTime()) =>
  new ExpiringJwksCache({ fetcher, clock });
