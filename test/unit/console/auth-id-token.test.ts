import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cognitoIdTokenVerifier, MAX_TOKEN_AGE_SECONDS } from '../../../shared/console/auth/id-token.ts';
import { ExpiringJwksCache, JWKS_MAX_AGE_MS } from '../../../shared/console/auth/jwks-cache.ts';
import {
  fakeJwksEndpoint,
  ISSUER,
  idToken,
  JWKS_URI,
  jwksCacheOf,
  NOW_S,
  otherKeys,
  poolJwks,
  SETTINGS,
  USER,
} from './auth-fixtures.ts';
import { NOW } from './console-fakes.ts';

describe('the ID token, verified with aws-jwt-verify', () => {
  beforeEach(() => {
    // aws-jwt-verify reads the clock itself (exp, nbf).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const verify = (token: string) => {
    const { fetcher } = fakeJwksEndpoint();
    return cognitoIdTokenVerifier(SETTINGS, jwksCacheOf(fetcher)).verify(token, NOW, 'sign-in-1');
  };

  it('accepts a fresh ID token of the pool and starts a session of its user, until its exp', async () => {
    const result = await verify(idToken());

    expect(result).toEqual({
      ok: true,
      session: {
        id: 'sign-in-1',
        sub: USER.sub,
        username: USER.username,
        email: USER.email,
        issuedAt: NOW_S - 5,
        expiresAt: NOW_S + 3595,
      },
    });
  });

  it('keeps a session to an hour even when the token lives longer', async () => {
    const result = await verify(idToken({ exp: NOW_S + 86_400 }));

    expect(result.ok && result.session.expiresAt).toBe(NOW_S - 5 + 3600);
  });

  it('accepts email_verified as the string "true" (as Cognito writes it for some users)', async () => {
    expect((await verify(idToken({ email_verified: 'true' }))).ok).toBe(true);
  });

  it.each([
    ['a signature by another key', () => idToken({}, { key: otherKeys.privateKey })],
    ['a key id not in the JWKS', () => idToken({}, { key: otherKeys.privateKey, kid: 'someone-else' })],
    ['another app client', () => idToken({ aud: 'another-client' })],
    ['another pool', () => idToken({ iss: `${ISSUER}x` })],
    ['an access token', () => idToken({ token_use: 'access' })],
    ['expired beyond the clock skew', () => idToken({ exp: NOW_S - 120 })],
    ['no exp', () => idToken({ exp: undefined })],
    ['not valid yet (nbf)', () => idToken({ nbf: NOW_S + 600 })],
    ['issued in the future (iat)', () => idToken({ iat: NOW_S + 600 })],
    ['issued long ago (a replayed token)', () => idToken({ iat: NOW_S - MAX_TOKEN_AGE_SECONDS - 60 })],
    ['no iat', () => idToken({ iat: undefined })],
    ['an unverified e-mail', () => idToken({ email_verified: false })],
    ['no email_verified', () => idToken({ email_verified: undefined })],
    ['no e-mail', () => idToken({ email: undefined })],
    ['no cognito:username', () => idToken({ 'cognito:username': undefined })],
    ['no sub', () => idToken({ sub: undefined })],
    ['alg none', () => `${idToken().split('.').slice(0, 2).join('.')}.`],
    ['HS256 (the public key as an HMAC secret)', () => idToken({}, { alg: 'HS256' })],
    ['not a JWT', () => 'not.a.jwt'],
  ])('refuses %s', async (_what, make) => {
    const result = await verify(make());

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).not.toBe('');
  });
});

describe('the JWKS cache', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('downloads the JWKS once while it is fresh', async () => {
    const { state, fetcher } = fakeJwksEndpoint();
    const verifier = cognitoIdTokenVerifier(SETTINGS, jwksCacheOf(fetcher));

    expect((await verifier.verify(idToken(), NOW, 'a')).ok).toBe(true);
    expect((await verifier.verify(idToken(), NOW, 'b')).ok).toBe(true);
    expect(state.downloads).toBe(1);
  });

  it('stops trusting a withdrawn key once the cache is older than its bound', async () => {
    let clock = NOW.getTime();
    const { state, fetcher } = fakeJwksEndpoint();
    const verifier = cognitoIdTokenVerifier(
      SETTINGS,
      jwksCacheOf(fetcher, () => clock),
    );
    expect((await verifier.verify(idToken(), NOW, 'a')).ok).toBe(true);

    // The pool withdraws its key (and signs with a new one).
    state.jwks = poolJwks('pool-key-2', otherKeys.publicKey);
    clock += JWKS_MAX_AGE_MS - 1;
    expect((await verifier.verify(idToken(), NOW, 'b')).ok).toBe(true);
    clock += 1;
    expect((await verifier.verify(idToken(), NOW, 'c')).ok).toBe(false);
    expect(state.downloads).toBe(2);
    expect(
      (await verifier.verify(idToken({}, { key: otherKeys.privateKey, kid: 'pool-key-2' }), NOW, 'd')).ok,
    ).toBe(true);
  });

  it('takes a JWKS given in advance (cache hydration) and expires it like a download', async () => {
    let clock = NOW.getTime();
    const { state, fetcher } = fakeJwksEndpoint();
    const cache = new ExpiringJwksCache({ fetcher, clock: () => clock });
    cache.addJwks(JWKS_URI, poolJwks());
    const verifier = cognitoIdTokenVerifier(SETTINGS, cache);

    expect((await verifier.verify(idToken(), NOW, 'a')).ok).toBe(true);
    expect(state.downloads).toBe(0);
    clock += JWKS_MAX_AGE_MS;
    expect((await verifier.verify(idToken(), NOW, 'b')).ok).toBe(true);
    expect(state.downloads).toBe(1);
  });
});
