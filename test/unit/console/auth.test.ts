import { generateKeyPairSync, type JsonWebKey, type KeyObject, sign } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cognitoAuth, hmacSigner } from '../../../shared/console/auth/cognito.ts';
import { parseCookies, SESSION_COOKIE, SIGN_IN_COOKIE } from '../../../shared/console/auth/cookies.ts';
import { sealSession } from '../../../shared/console/auth/session.ts';
import { isSafeReturnPath, sealState } from '../../../shared/console/auth/state.ts';
import type { CognitoSettings } from '../../../shared/console/auth/types.ts';
import { handleConsoleRequest } from '../../../shared/console/router.ts';
import type { ConsoleDeps, ConsoleRequest, ConsoleResponse } from '../../../shared/console/types.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { addReport, consoleDeps, NOW } from './console-fakes.ts';

const SETTINGS: CognitoSettings = {
  domainUrl: 'https://incidentiq-test-123456789012.auth.eu-west-1.amazoncognito.com',
  clientId: 'console-client-id',
  userPoolId: 'eu-west-1_TestPool',
  region: 'eu-west-1',
  consoleUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
};
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool';
const SECRET = 'a test secret of enough length';
const NONCE = 'test-nonce-0123456789abcdef';
const NOW_S = Math.floor(NOW.getTime() / 1000);

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const poolKeys = keyPair();
const otherKeys = keyPair();

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function idToken(
  claims: Record<string, unknown> = {},
  key: KeyObject = poolKeys.privateKey,
  kid = 'pool-key',
) {
  const input = `${b64({ alg: 'RS256', kid, typ: 'JWT' })}.${b64({
    sub: 'user-sub-1',
    email: 'oncall@example.com',
    iss: ISSUER,
    aud: SETTINGS.clientId,
    token_use: 'id',
    iat: NOW_S - 10,
    exp: NOW_S + 3600,
    ...claims,
  })}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

/** A fake Cognito: the token endpoint answers `token` for the code `good-code`; the JWKS has the pool key. */
function fakeCognito(token: () => string) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const jwk = {
    ...(poolKeys.publicKey.export({ format: 'jwk' }) as JsonWebKey),
    kid: 'pool-key',
    alg: 'RS256',
    use: 'sig',
  };
  const fetchFake = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, ...(init ? { init } : {}) });
    if (url === `${ISSUER}/.well-known/jwks.json`) return Response.json({ keys: [jwk] });
    if (url === `${SETTINGS.domainUrl}/oauth2/token`) {
      const form = new URLSearchParams(String(init?.body));
      if (form.get('code') !== 'good-code') return Response.json({ error: 'invalid_grant' }, { status: 400 });
      return Response.json({ id_token: token(), access_token: 'x', token_type: 'Bearer', expires_in: 3600 });
    }
    return new Response('not found', { status: 404 });
  });
  return { fetch: fetchFake as unknown as typeof fetch, calls, fetchFake };
}

const request = (path: string, extra: Partial<ConsoleRequest> = {}): ConsoleRequest => ({
  method: 'GET',
  path,
  query: {},
  ...extra,
});

const cookieOf = (res: ConsoleResponse): Record<string, string> =>
  parseCookies((res.headers['set-cookie'] ?? '').split(';')[0] ?? '');

describe('console sign-in (Cognito hosted UI, authorization code flow)', () => {
  let token: string;
  let cognito: ReturnType<typeof fakeCognito>;
  let deps: ConsoleDeps;
  const signer = hmacSigner(SECRET);
  const failures: string[] = [];

  beforeEach(async () => {
    token = idToken();
    cognito = fakeCognito(() => token);
    failures.length = 0;
    deps = {
      ...consoleDeps(),
      auth: cognitoAuth({
        settings: SETTINGS,
        secret: SECRET,
        fetch: cognito.fetch,
        onFailure: (reason) => failures.push(reason),
      }),
    };
    await addReport(deps, d02Report());
  });

  const callback = (state: string, code = 'good-code', nonce: string | null = NONCE) =>
    handleConsoleRequest(
      request('/auth/callback', {
        query: { code, state },
        ...(nonce ? { cookies: { [SIGN_IN_COOKIE]: nonce } } : {}),
      }),
      deps,
    );

  describe('without a session', () => {
    it('redirects a page to the hosted UI with a signed state and sets the sign-in nonce cookie', async () => {
      const res = await handleConsoleRequest(
        request('/incidents/INC-0a59a8a9', { query: { feedback: 'saved' } }),
        deps,
      );

      expect(res.status).toBe(302);
      const location = new URL(res.headers.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(`${SETTINGS.domainUrl}/oauth2/authorize`);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: SETTINGS.clientId,
        redirect_uri: `${SETTINGS.consoleUrl}/auth/callback`,
        scope: 'openid email',
      });
      const state = location.searchParams.get('state') ?? '';
      expect(state).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      const setCookie = res.headers['set-cookie'] ?? '';
      expect(setCookie).toMatch(/^__Host-incidentiq-sign-in=[A-Za-z0-9_-]{32};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('Secure');
      expect(setCookie).toContain('SameSite=Lax');

      // The state carries the page: completing the sign-in in this browser returns there.
      const nonce = cookieOf(res)[SIGN_IN_COOKIE] ?? null;
      const back = await callback(state, 'good-code', nonce);
      expect(back.status).toBe(302);
      expect(back.headers.location).toBe('/incidents/INC-0a59a8a9?feedback=saved');
    });

    it('sends a feedback POST to sign in with a 303, back to the incident page', async () => {
      const res = await handleConsoleRequest(
        request('/incidents/INC-0a59a8a9/feedback', { method: 'POST', form: { verdict: 'confirmed' } }),
        deps,
      );

      expect(res.status).toBe(303);
      expect(res.headers.location).toContain('/oauth2/authorize?');
      expect(cognito.calls).toEqual([]);
    });

    it('reuses the nonce of a sign-in already in progress in this browser', async () => {
      const res = await handleConsoleRequest(request('/', { cookies: { [SIGN_IN_COOKIE]: NONCE } }), deps);

      expect(cookieOf(res)[SIGN_IN_COOKIE]).toBe(NONCE);
    });

    it('serves the stylesheet, which is no secret', async () => {
      const res = await handleConsoleRequest(request('/assets/console.css'), deps);

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/css');
    });

    it('does not accept a forged or expired session cookie', async () => {
      const forged = sealSession(hmacSigner('another secret, long enough'), {
        sub: 'x',
        email: 'x@example.com',
        expiresAt: NOW_S + 3600,
      });
      const expired = sealSession(signer, { sub: 'x', email: 'x@example.com', expiresAt: NOW_S - 1 });
      for (const cookie of [forged, expired, 'garbage']) {
        const res = await handleConsoleRequest(request('/', { cookies: { [SESSION_COOKIE]: cookie } }), deps);
        expect(res.status).toBe(302);
      }
    });
  });

  describe('the callback', () => {
    const state = (returnTo = '/incidents/INC-0a59a8a9', nonce = NONCE) =>
      sealState(signer, returnTo, nonce, NOW);

    it('exchanges the code, verifies the ID token, sets the session cookie and returns to the page', async () => {
      const res = await callback(state());

      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/incidents/INC-0a59a8a9');
      const setCookie = res.headers['set-cookie'] ?? '';
      expect(setCookie).toMatch(
        /^__Host-incidentiq-session=[^;]+; Path=\/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax$/,
      );

      const tokenCall = cognito.calls.find((c) => c.url.endsWith('/oauth2/token'));
      expect(tokenCall?.init?.method).toBe('POST');
      expect(new Headers(tokenCall?.init?.headers).get('content-type')).toBe(
        'application/x-www-form-urlencoded',
      );
      expect(Object.fromEntries(new URLSearchParams(String(tokenCall?.init?.body)))).toEqual({
        grant_type: 'authorization_code',
        client_id: SETTINGS.clientId,
        code: 'good-code',
        redirect_uri: `${SETTINGS.consoleUrl}/auth/callback`,
      });

      // The cookie opens the console, and the request is from the token's user.
      const seen: string[] = [];
      const page = await handleConsoleRequest(request('/', { cookies: cookieOf(res) }), {
        ...deps,
        onSession: (s) => seen.push(`${s.sub} ${s.email}`),
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<table');
      expect(seen).toEqual(['user-sub-1 oncall@example.com']);
    });

    it('fetches the JWKS once and keeps it', async () => {
      await callback(state());
      await callback(state());

      const jwksCalls = cognito.calls.filter((c) => c.url.endsWith('/.well-known/jwks.json'));
      expect(jwksCalls).toHaveLength(1);
    });

    it.each([
      ['a bad signature', () => idToken({}, otherKeys.privateKey)],
      ['an unknown key id', () => idToken({}, otherKeys.privateKey, 'other-key')],
      ['a wrong audience', () => idToken({ aud: 'another-client' })],
      [
        'a wrong issuer',
        () => idToken({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }),
      ],
      ['an expired token', () => idToken({ exp: NOW_S - 1 })],
      ['an access token', () => idToken({ token_use: 'access' })],
      ['alg none', () => `${b64({ alg: 'none', kid: 'pool-key' })}.${b64({ sub: 'x' })}.`],
    ])('refuses %s with a 401 page and no cookie', async (_what, make) => {
      token = make();
      const res = await callback(state());

      expect(res.status).toBe(401);
      expect(res.body).toContain('Sign-in failed');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(failures).toHaveLength(1);
    });

    it('refuses a code the token endpoint rejects', async () => {
      const res = await callback(state(), 'stolen-code');

      expect(res.status).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('rejects a tampered state with a 400, before calling Cognito', async () => {
      const good = state();
      const [payload = '', signature = ''] = good.split('.');
      const altered = b64({ r: 'https://evil.example/', n: NONCE, e: NOW_S + 600 });
      for (const bad of [`${altered}.${signature}`, `${payload}.${signature.slice(0, -2)}xx`, payload, '']) {
        const res = await callback(bad);
        expect(res.status, bad).toBe(400);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      expect(cognito.calls).toEqual([]);
    });

    it('rejects a state of another browser (login CSRF) and an expired one', async () => {
      expect((await callback(state(), 'good-code', 'another-browser-nonce-0123')).status).toBe(400);
      expect((await callback(state(), 'good-code', null)).status).toBe(400);
      const old = sealState(signer, '/', NONCE, new Date(NOW.getTime() - 16 * 60_000));
      expect((await callback(old)).status).toBe(400);
      expect(cognito.calls).toEqual([]);
    });

    it.each([
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example/',
      '/\t/evil.example/',
      'javascript:alert(1)',
      '/auth/logout',
    ])('rejects a signed state whose return path is %j', async (returnTo) => {
      expect(isSafeReturnPath(returnTo)).toBe(false);
      // Even signed by this console (sealState itself falls back to `/`).
      const forged = `${b64({ r: returnTo, n: NONCE, e: NOW_S + 600 })}`;
      const sealed = `${forged}.${signer.sign(`incidentiq-state:${forged}`)}`;
      const res = await callback(sealed);

      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(sealState(signer, returnTo, NONCE, NOW)).toBe(sealState(signer, '/', NONCE, NOW));
    });

    it('shows a 401 when the hosted UI reports an error', async () => {
      const res = await handleConsoleRequest(
        request('/auth/callback', { query: { error: 'access_denied', state: state() } }),
        deps,
      );

      expect(res.status).toBe(401);
    });
  });

  it('signs out: clears the session cookie and goes to the hosted UI logout, back to the console', async () => {
    const res = await handleConsoleRequest(request('/auth/logout'), deps);

    expect(res.status).toBe(302);
    expect(res.headers['set-cookie']).toMatch(/^__Host-incidentiq-session=; Path=\/; Max-Age=0;/);
    const location = new URL(res.headers.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${SETTINGS.domainUrl}/logout`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: SETTINGS.clientId,
      logout_uri: `${SETTINGS.consoleUrl}/`,
    });
  });

  it('is off without deps.auth (the local console): pages open, /auth paths do not exist', async () => {
    const local = consoleDeps();
    expect((await handleConsoleRequest(request('/'), local)).status).toBe(200);
    expect((await handleConsoleRequest(request('/auth/callback'), local)).status).toBe(404);
  });
});
