import { createHash } from 'node:crypto';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cognitoAuth } from '../../../shared/console/auth/cognito.ts';
import { parseCookies, SESSION_COOKIE, SIGN_IN_COOKIE } from '../../../shared/console/auth/cookies.ts';
import { cognitoIdTokenVerifier } from '../../../shared/console/auth/id-token.ts';
import { sealSession } from '../../../shared/console/auth/session.ts';
import { sealValue } from '../../../shared/console/auth/signed.ts';
import { isSafeReturnPath, sealState } from '../../../shared/console/auth/state.ts';
import type { ConsoleKeys } from '../../../shared/console/auth/types.ts';
import { cognitoUserCheck, USER_CHECK_MAX_AGE_MS } from '../../../shared/console/auth/user-check.ts';
import { handleConsoleRequest } from '../../../shared/console/router.ts';
import type { ConsoleDeps, ConsoleRequest, ConsoleResponse } from '../../../shared/console/types.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import {
  fakeJwksEndpoint,
  idToken,
  jwksCacheOf,
  NOW_S,
  SETTINGS,
  session,
  testKeys,
  USER,
} from './auth-fixtures.ts';
import { addReport, consoleDeps, NOW } from './console-fakes.ts';

const INCIDENT = '/incidents/INC-0a59a8a9';
const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * Cognito's token endpoint as far as the console uses it: a code is good once, for the client and
 * redirect URI it was issued to, and only with the verifier of the challenge it was issued under.
 */
function fakeTokenEndpoint() {
  const codes = new Map<string, string>();
  const calls: URLSearchParams[] = [];
  let token = () => idToken();
  const fetchFake = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    if (String(input) !== `${SETTINGS.domainUrl}/oauth2/token`) return new Response('', { status: 404 });
    const form = new URLSearchParams(String(init?.body));
    calls.push(form);
    const challenge = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    if (
      !challenge ||
      challengeOf(verifier) !== challenge ||
      form.get('client_id') !== SETTINGS.clientId ||
      form.get('redirect_uri') !== `${SETTINGS.consoleUrl}/auth/callback`
    )
      return Response.json({ error: 'invalid_grant' }, { status: 400 });
    return Response.json({ id_token: token(), access_token: 'a', token_type: 'Bearer', expires_in: 3600 });
  });
  return {
    fetch: fetchFake as unknown as typeof fetch,
    calls,
    /** What the hosted UI does after the user signed in: a code for the authorize request's challenge. */
    issueCode(authorizeLocation: string): string {
      const challenge = new URL(authorizeLocation).searchParams.get('code_challenge') ?? '';
      const code = `code-${codes.size + calls.length + 1}`;
      codes.set(code, challenge);
      return code;
    },
    answerWith(make: () => string) {
      token = make;
    },
  };
}

const cognitoApi = mockClient(CognitoIdentityProviderClient);

function poolUser(enabled: boolean) {
  cognitoApi.reset();
  cognitoApi.on(AdminGetUserCommand).resolves({
    Username: USER.username,
    Enabled: enabled,
    UserStatus: 'CONFIRMED',
    UserAttributes: [
      { Name: 'sub', Value: USER.sub },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
}

const request = (path: string, extra: Partial<ConsoleRequest> = {}): ConsoleRequest => ({
  method: 'GET',
  path,
  query: {},
  ...extra,
});

const cookieOf = (res: ConsoleResponse): Record<string, string> =>
  parseCookies((res.headers['set-cookie'] ?? '').split(';')[0] ?? '');

const formToken = (html: string): string => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('console sign-in (Cognito hosted UI, authorization code flow with PKCE)', () => {
  let cognito: ReturnType<typeof fakeTokenEndpoint>;
  let deps: ConsoleDeps;
  let keys: () => Promise<ConsoleKeys>;
  let clock: number;
  const failures: string[] = [];

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    clock = NOW.getTime();
    cognito = fakeTokenEndpoint();
    poolUser(true);
    failures.length = 0;
    keys = async () => testKeys();
    const { fetcher } = fakeJwksEndpoint();
    deps = {
      ...consoleDeps(),
      now: () => new Date(),
      auth: cognitoAuth({
        settings: SETTINGS,
        keys: () => keys(),
        idTokens: cognitoIdTokenVerifier(SETTINGS, jwksCacheOf(fetcher)),
        checkUser: cognitoUserCheck({
          client: new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
          userPoolId: SETTINGS.userPoolId,
          clock: () => clock,
        }),
        fetch: cognito.fetch,
        onFailure: (reason) => failures.push(reason),
      }),
    };
    await addReport(deps, d02Report());
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const open = (req: ConsoleRequest) => handleConsoleRequest(req, deps);

  /** The whole sign-in in one browser: the page, the hosted UI, the callback; the browser's cookies after it. */
  async function signInAt(path: string): Promise<{ cookies: Record<string, string>; back: ConsoleResponse }> {
    const first = await open(request(path));
    const verifier = cookieOf(first)[SIGN_IN_COOKIE] ?? '';
    const location = first.headers.location ?? '';
    const state = new URL(location).searchParams.get('state') ?? '';
    const back = await open(
      request('/auth/callback', {
        query: { code: cognito.issueCode(location), state },
        cookies: { [SIGN_IN_COOKIE]: verifier },
      }),
    );
    return { cookies: cookieOf(back), back };
  }

  describe('without a session', () => {
    it('sends a page to the hosted UI with a PKCE challenge, the verifier kept in an HttpOnly cookie', async () => {
      const res = await open(request(INCIDENT, { query: { feedback: 'saved' } }));

      expect(res.status).toBe(302);
      const location = new URL(res.headers.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(`${SETTINGS.domainUrl}/oauth2/authorize`);
      const verifier = cookieOf(res)[SIGN_IN_COOKIE] ?? '';
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: SETTINGS.clientId,
        redirect_uri: `${SETTINGS.consoleUrl}/auth/callback`,
        scope: 'openid email',
        code_challenge: challengeOf(verifier),
        code_challenge_method: 'S256',
      });
      // The verifier itself never leaves the browser's cookie.
      expect(location.href).not.toContain(verifier);
      const setCookie = res.headers['set-cookie'] ?? '';
      expect(setCookie).toMatch(/^__Host-incidentiq-sign-in=/);
      for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/'])
        expect(setCookie).toContain(attribute);
    });

    it('signs in and returns to the page asked for, the code exchanged with its verifier', async () => {
      const { cookies, back } = await signInAt(`${INCIDENT}?feedback=saved`);

      expect(back.status).toBe(302);
      expect(back.headers.location).toBe(`${INCIDENT}?feedback=saved`);
      expect(back.headers['set-cookie']).toMatch(
        /^__Host-incidentiq-session=[^;]+; Path=\/; Max-Age=3595; HttpOnly; Secure; SameSite=Lax$/,
      );
      expect(cognito.calls).toHaveLength(1);
      expect(cognito.calls[0]?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const seen: string[] = [];
      const page = await handleConsoleRequest(request('/', { cookies }), {
        ...deps,
        onSession: (s) => seen.push(`${s.sub} ${s.email}`),
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<table');
      expect(seen).toEqual([`${USER.sub} ${USER.email}`]);
    });

    it('sends a feedback POST to sign in with a 303, back to the incident page', async () => {
      const res = await open(
        request(`${INCIDENT}/feedback`, { method: 'POST', form: { verdict: 'confirmed' } }),
      );

      expect(res.status).toBe(303);
      expect(res.headers.location).toContain('/oauth2/authorize?');
      expect(cognito.calls).toEqual([]);
    });

    it('reuses the verifier of a sign-in in progress in this browser, and replaces a malformed one', async () => {
      const verifier = 'v'.repeat(43);
      const reused = await open(request('/', { cookies: { [SIGN_IN_COOKIE]: verifier } }));
      const replaced = await open(request('/', { cookies: { [SIGN_IN_COOKIE]: 'short' } }));

      expect(cookieOf(reused)[SIGN_IN_COOKIE]).toBe(verifier);
      expect(cookieOf(replaced)[SIGN_IN_COOKIE]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('serves the stylesheet, which is no secret', async () => {
      const res = await open(request('/assets/console.css'));

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/css');
    });

    it('does not accept a forged, expired, overlong or wrong-purpose session cookie', async () => {
      const mine = testKeys();
      const cookies = [
        sealSession(testKeys('other').session, session()),
        sealSession(mine.session, session({ expiresAt: NOW_S - 1 })),
        sealSession(mine.session, session({ issuedAt: NOW_S - 86_400, expiresAt: NOW_S + 60 })),
        // A value sealed under another purpose's key is no session.
        sealValue(mine.state, 'session', {
          j: 'x',
          s: USER.sub,
          u: USER.username,
          m: '',
          i: NOW_S,
          x: NOW_S + 60,
        }),
        'garbage',
      ];
      for (const cookie of cookies) {
        const res = await open(request('/', { cookies: { [SESSION_COOKIE]: cookie } }));
        expect(res.status, cookie).toBe(302);
      }
      expect(cognitoApi.commandCalls(AdminGetUserCommand)).toHaveLength(0);
    });
  });

  describe('the callback', () => {
    const verifier = 'test-verifier-0123456789-abcdefghijklmnopqrstu';
    const stateFor = (returnTo = INCIDENT, v = verifier, at = NOW) =>
      sealState(testKeys().state, returnTo, challengeOf(v), at);
    const authorizeFor = (v = verifier) =>
      `${SETTINGS.domainUrl}/oauth2/authorize?code_challenge=${challengeOf(v)}`;
    const callback = (query: Record<string, string>, cookie: string | null = verifier) =>
      open(
        request('/auth/callback', { query, ...(cookie ? { cookies: { [SIGN_IN_COOKIE]: cookie } } : {}) }),
      );

    it.each([
      ['a key the pool does not have', () => idToken({}, { kid: 'unknown-kid' })],
      ['an unverified e-mail', () => idToken({ email_verified: false })],
      ['an expired token', () => idToken({ exp: NOW_S - 600 })],
      ['an access token', () => idToken({ token_use: 'access' })],
    ])('refuses %s with a 401 page and no cookie', async (_what, make) => {
      cognito.answerWith(make);
      const res = await callback({ code: cognito.issueCode(authorizeFor()), state: stateFor() });

      expect(res.status).toBe(401);
      expect(res.body).toContain('Sign-in failed');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(failures).toHaveLength(1);
    });

    it('cannot use a code stolen from the redirect: the thief has the code and state, not the verifier', async () => {
      const code = cognito.issueCode(authorizeFor());
      const state = stateFor();
      // The thief's own browser, with its own sign-in cookie: the state is not of this browser.
      const thief = 'thief-verifier-0123456789-abcdefghijklmnopqrst';
      expect((await callback({ code, state }, thief)).status).toBe(400);
      // A state sealed for the thief's verifier gets past the console, but Cognito refuses the code.
      const res = await callback({ code, state: stateFor(INCIDENT, thief) }, thief);
      expect(res.status).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a code used twice', async () => {
      const code = cognito.issueCode(authorizeFor());
      expect((await callback({ code, state: stateFor() })).status).toBe(302);
      expect((await callback({ code, state: stateFor() })).status).toBe(401);
    });

    it('rejects a tampered state with a 400, before calling Cognito', async () => {
      const good = stateFor();
      const [payload = '', signature = ''] = good.split('.');
      const altered = Buffer.from(
        JSON.stringify({ r: 'https://evil.example/', c: challengeOf(verifier), e: NOW_S + 600 }),
      ).toString('base64url');
      const underSessionKey = sealState(testKeys().session, INCIDENT, challengeOf(verifier), NOW);
      for (const bad of [
        `${altered}.${signature}`,
        `${payload}.${signature.slice(0, -2)}xx`,
        payload,
        underSessionKey,
      ]) {
        const res = await callback({ code: 'any', state: bad });
        expect(res.status, bad).toBe(400);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      expect(cognito.calls).toEqual([]);
    });

    it('rejects a state of another browser (login CSRF), none, and an expired one', async () => {
      expect(
        (await callback({ code: 'c', state: stateFor() }, 'another-browser-verifier-0123456789-abcdefgh'))
          .status,
      ).toBe(400);
      expect((await callback({ code: 'c', state: stateFor() }, null)).status).toBe(400);
      const old = stateFor(INCIDENT, verifier, new Date(NOW.getTime() - 16 * 60_000));
      expect((await callback({ code: 'c', state: old })).status).toBe(400);
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
      const sealed = sealValue(testKeys().state, 'state', {
        r: returnTo,
        c: challengeOf(verifier),
        e: NOW_S + 600,
      });
      const res = await callback({ code: cognito.issueCode(authorizeFor()), state: sealed });

      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(stateFor(returnTo)).toBe(stateFor('/'));
    });

    it('shows a 401 when the hosted UI reports an error, and accepts GET only', async () => {
      expect((await callback({ error: 'access_denied', state: stateFor() })).status).toBe(401);
      expect((await open(request('/auth/callback', { method: 'POST' }))).status).toBe(405);
    });
  });

  describe('a session', () => {
    it('ends when the user is disabled, within the check bound, back to the hosted UI', async () => {
      const { cookies } = await signInAt('/');
      expect((await open(request('/', { cookies }))).status).toBe(200);

      poolUser(false);
      clock += USER_CHECK_MAX_AGE_MS;
      const res = await open(request('/', { cookies }));

      expect(res.status).toBe(302);
      expect(res.headers.location).toContain('/oauth2/authorize?');
      expect(failures.join('\n')).toContain('user disabled');
    });

    it('is not let in when Cognito or Secrets Manager cannot answer: 503, never an unchecked page', async () => {
      const { cookies } = await signInAt('/');
      cognitoApi.reset();
      cognitoApi.on(AdminGetUserCommand).rejects(new Error('ServiceUnavailable'));
      clock += USER_CHECK_MAX_AGE_MS;
      const cognitoDown = await open(request('/', { cookies }));
      expect(cognitoDown.status).toBe(503);
      expect(cognitoDown.body).not.toContain('<table');

      keys = async () => {
        throw new Error('secrets unavailable');
      };
      expect((await open(request('/', { cookies }))).status).toBe(503);
      expect((await open(request('/auth/callback', { query: { code: 'c', state: 's' } }))).status).toBe(503);
    });

    it('no longer opens after a key rotation that drops its key', async () => {
      const { cookies } = await signInAt('/');
      keys = async () => testKeys('rotated');

      expect((await open(request('/', { cookies }))).status).toBe(302);
    });
  });

  describe('the feedback form', () => {
    it('is bound to the session and records its user as the author', async () => {
      const { cookies } = await signInAt(INCIDENT);
      const page = await open(request(INCIDENT, { cookies }));
      const token = formToken(page.body);
      expect(token).not.toBe('');

      const res = await open(
        request(`${INCIDENT}/feedback`, { method: 'POST', cookies, form: { token, verdict: 'confirmed' } }),
      );
      expect(res.status).toBe(303);
      const record = await deps.store.get('INC-0a59a8a9');
      expect(record?.feedback).toMatchObject({ verdict: 'confirmed', author: USER.email });
    });

    it('refuses a token of another sign-in, the local console kind, and one past its session', async () => {
      const first = await signInAt(INCIDENT);
      const token = formToken((await open(request(INCIDENT, { cookies: first.cookies }))).body);
      const post = (cookies: Record<string, string>, t: string) =>
        open(
          request(`${INCIDENT}/feedback`, {
            method: 'POST',
            cookies,
            form: { token: t, verdict: 'confirmed' },
          }),
        );

      // The same user signed in again (another browser): the first page's form is not theirs there.
      const second = await signInAt(INCIDENT);
      expect((await post(second.cookies, token)).status).toBe(403);
      // The local console's token of the incident is no token here.
      expect((await post(first.cookies, consoleDeps().tokens.issue('INC-0a59a8a9'))).status).toBe(403);
      expect((await deps.store.get('INC-0a59a8a9'))?.feedback).toBeUndefined();

      // An hour later the session has ended: the form's POST is sent to sign in first.
      vi.setSystemTime(NOW.getTime() + 3601_000);
      const late = await post(first.cookies, token);
      expect(late.status).toBe(303);
      expect(late.headers.location).toContain('/oauth2/authorize?');
      expect((await deps.store.get('INC-0a59a8a9'))?.feedback).toBeUndefined();
    });
  });

  it('signs out: clears the session cookie and goes to the hosted UI logout, back to the console', async () => {
    const res = await open(request('/auth/logout'));

    expect(res.status).toBe(302);
    expect(res.headers['set-cookie']).toMatch(/^__Host-incidentiq-session=; Path=\/; Max-Age=0;/);
    const location = new URL(res.headers.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${SETTINGS.domainUrl}/logout`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: SETTINGS.clientId,
      logout_uri: `${SETTINGS.consoleUrl}/`,
    });
  });

  it('is off without deps.auth (the local console): pages open, feedback has no author, /auth paths do not exist', async () => {
    const local = consoleDeps();
    await addReport(local, d02Report());
    expect((await handleConsoleRequest(request('/'), local)).status).toBe(200);
    expect((await handleConsoleRequest(request('/auth/callback'), local)).status).toBe(404);
    const token = local.tokens.issue('INC-0a59a8a9');
    const res = await handleConsoleRequest(
      request(`${INCIDENT}/feedback`, { method: 'POST', form: { token, verdict: 'confirmed' } }),
      local,
    );
    expect(res.status).toBe(303);
    expect((await local.store.get('INC-0a59a8a9'))?.feedback?.author).toBeUndefined();
  });
});
