import {
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureIncidentTable } from '../../../shared/adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/adapters/local/local-dynamo.ts';
import { cognitoGlobalSignOut } from '../../../shared/console/auth/cognito-sign-out.ts';
import { SESSION_COOKIE } from '../../../shared/console/auth/cookies.ts';
import { DynamoDbSessionRevocations } from '../../../shared/console/auth/dynamodb-revocations.ts';
import { sealSession } from '../../../shared/console/auth/session.ts';
import type { ConsoleAuth, Session, SignOut } from '../../../shared/console/auth/types.ts';
import { handleConsoleRequest } from '../../../shared/console/router.ts';
import type { ConsoleDeps, ConsoleRequest } from '../../../shared/console/types.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { NOW_S, SETTINGS, session, testKeys } from './auth-fixtures.ts';
import { addReport, consoleDeps, NOW } from './console-fakes.ts';

const TABLE = 'incidents';
const OTHER: Session = session({
  id: 'session-id-0002',
  sub: '0b6a3c1d-dddd-4eee-8fff-fedcba987654',
  username: 'u-0b6a3c1d',
  email: 'ben@example.org',
});

const cognitoApi = mockClient(CognitoIdentityProviderClient);

describe('logout revokes the session (Cognito console)', () => {
  let local: LocalDynamo;
  let revocations: DynamoDbSessionRevocations;
  let deps: ConsoleDeps;
  let now: Date;
  let signOut: SignOut;
  const failures: string[] = [];

  beforeAll(async () => {
    local = await startLocalDynamo();
    await ensureIncidentTable(local.client, TABLE);
  });
  afterAll(async () => {
    await local.close();
  });

  beforeEach(async () => {
    // A fresh table name per test would need a table each; a fresh user per test keeps them apart.
    revocations = new DynamoDbSessionRevocations(local.doc, TABLE);
    cognitoApi.reset();
    cognitoApi.on(AdminUserGlobalSignOutCommand).resolves({});
    failures.length = 0;
    now = NOW;
    signOut = {
      revocations,
      endCognitoSignIn: cognitoGlobalSignOut({
        client: new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
        userPoolId: SETTINGS.userPoolId,
      }),
    };
    const auth: ConsoleAuth = {
      settings: SETTINGS,
      keys: async () => testKeys(),
      codeVerifier: () => 'a-code-verifier-of-the-unit-tests-0123456789abc',
      signIn: async () => ({ ok: false, reason: 'not used here' }),
      checkUser: async () => ({ ok: true }),
      signOut,
      onFailure: (reason) => failures.push(reason),
    };
    deps = { ...consoleDeps(), now: () => now, auth };
    await addReport(deps, d02Report());
  });
  afterEach(() => {
    cognitoApi.reset();
  });

  let users = 0;
  /** A user of its own for each test (the table is shared), signed in a minute ago. */
  const freshSession = (overrides: Partial<Session> = {}): Session => {
    users += 1;
    const n = String(users).padStart(4, '0');
    return session({ sub: `user-${n}-sub`, username: `user-${n}`, id: `session-${n}`, ...overrides });
  };
  const cookiesOf = (s: Session) => ({ [SESSION_COOKIE]: sealSession(testKeys().session, s) });
  const get = (path: string, cookies?: Record<string, string>): ConsoleRequest => ({
    method: 'GET',
    path,
    query: {},
    ...(cookies ? { cookies } : {}),
  });
  const open = (req: ConsoleRequest) => handleConsoleRequest(req, deps);

  it('refuses a copy of the session cookie taken before logout, and goes to the hosted UI logout', async () => {
    const user = freshSession();
    const copy = cookiesOf(user);
    expect((await open(get('/', copy))).status).toBe(200);

    const out = await open(get('/auth/logout', cookiesOf(user)));
    expect(out.status).toBe(302);
    expect(out.headers.location).toContain(`${SETTINGS.domainUrl}/logout?`);
    expect(out.headers['set-cookie']).toMatch(/^__Host-incidentiq-session=; Path=\/; Max-Age=0;/);

    const after = await open(get('/', copy));
    expect(after.status).toBe(302);
    expect(after.headers.location).toContain('/oauth2/authorize?');
    expect(failures.join('\n')).toContain('signed out since');
  });

  it("voids the user's other sessions issued before the logout, not a sign-in after it", async () => {
    const user = freshSession();
    const otherBrowser = freshSession({ sub: user.sub, username: user.username, id: 'other-browser' });
    await open(get('/auth/logout', cookiesOf(user)));

    expect((await open(get('/', cookiesOf(otherBrowser)))).status).toBe(302);
    now = new Date(NOW.getTime() + 5_000);
    const later = { ...user, id: 'after-logout', issuedAt: NOW_S + 5 };
    expect((await open(get('/', cookiesOf(later)))).status).toBe(200);
  });

  it("leaves another user's session untouched", async () => {
    const user = freshSession();
    await open(get('/auth/logout', cookiesOf(user)));

    expect((await open(get('/', cookiesOf(OTHER)))).status).toBe(200);
    expect(await revocations.revokedAt(OTHER.sub)).toBeNull();
  });

  it("ends the user's sign-in at Cognito (AdminUserGlobalSignOut), and logs out even when Cognito fails", async () => {
    const user = freshSession();
    await open(get('/auth/logout', cookiesOf(user)));
    expect(cognitoApi.commandCalls(AdminUserGlobalSignOutCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: SETTINGS.userPoolId, Username: user.username },
    ]);

    cognitoApi.reset();
    cognitoApi.on(AdminUserGlobalSignOutCommand).rejects(new Error('TooManyRequestsException'));
    const second = freshSession();
    const res = await open(get('/auth/logout', cookiesOf(second)));
    expect(res.status).toBe(302);
    expect(failures.join('\n')).toContain('Cognito sign-out');
    expect((await open(get('/', cookiesOf(second)))).status).toBe(302);
  });

  it('treats a user no longer in the pool as signed out at Cognito already', async () => {
    cognitoApi.reset();
    cognitoApi
      .on(AdminUserGlobalSignOutCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    await expect(
      cognitoGlobalSignOut({ client: new CognitoIdentityProviderClient({}), userPoolId: 'p' })(
        freshSession(),
      ),
    ).resolves.toBeUndefined();
  });

  it('without a session (or with a forged one) only clears the cookie: nothing recorded, no Cognito call', async () => {
    expect((await open(get('/auth/logout'))).status).toBe(302);
    const forged = { [SESSION_COOKIE]: sealSession(testKeys('forger').session, freshSession()) };
    expect((await open(get('/auth/logout', forged))).status).toBe(302);
    expect(cognitoApi.commandCalls(AdminUserGlobalSignOutCommand)).toEqual([]);
  });

  describe('when the store fails', () => {
    it('refuses every session with the "sign-in unavailable" page (fails closed), not a crash', async () => {
      const tableDown = mockClient(local.doc);
      tableDown.on(GetCommand).rejects(new Error('ProvisionedThroughputExceededException'));
      try {
        const res = await open(get('/', cookiesOf(freshSession())));
        expect(res.status).toBe(503);
        expect(res.body).toContain('Sign-in unavailable');
        expect(res.body).not.toContain('<table');
      } finally {
        tableDown.restore();
      }
    });

    it('at logout: says the sign-out is incomplete, and still clears the cookie', async () => {
      const tableDown = mockClient(local.doc);
      tableDown.on(UpdateCommand).rejects(new Error('ServiceUnavailable'));
      try {
        const res = await open(get('/auth/logout', cookiesOf(freshSession())));
        expect(res.status).toBe(503);
        expect(res.body).toContain('Sign-out incomplete');
        expect(res.headers['set-cookie']).toMatch(/^__Host-incidentiq-session=; Path=\/; Max-Age=0;/);
        expect(failures.join('\n')).toContain('sign-out not recorded');
      } finally {
        tableDown.restore();
      }
    });
  });
});

describe('DynamoDbSessionRevocations (dynalite)', () => {
  let local: LocalDynamo;
  beforeAll(async () => {
    local = await startLocalDynamo();
    await ensureIncidentTable(local.client, TABLE);
  });
  afterAll(async () => {
    await local.close();
  });

  it('keeps the latest logout per user, with its time to live, and no index key', async () => {
    const store = new DynamoDbSessionRevocations(local.doc, TABLE);
    expect(await store.revokedAt('sub-a')).toBeNull();

    await store.revoke('sub-a', 1000, 4600);
    await store.revoke('sub-a', 900, 4500); // an older logout arriving late moves nothing back
    await store.revoke('sub-b', 1200, 4800);

    expect(await store.revokedAt('sub-a')).toBe(1000);
    expect(await store.revokedAt('sub-b')).toBe(1200);
    const { Item } = await local.doc.send(
      new GetCommand({ TableName: TABLE, Key: { PK: 'SESSIONS#sub-a', SK: 'REVOKED' } }),
    );
    expect(Item).toEqual({ PK: 'SESSIONS#sub-a', SK: 'REVOKED', revokedAt: 1000, ttl: 4600 });
  });

  it('refuses to read a damaged record as "never signed out"', async () => {
    const store = new DynamoDbSessionRevocations(local.doc, TABLE);
    await local.doc.send(
      new PutCommand({ TableName: TABLE, Item: { PK: 'SESSIONS#sub-c', SK: 'REVOKED', revokedAt: 'x' } }),
    );
    await expect(store.revokedAt('sub-c')).rejects.toThrow(/no revokedAt/);
  });
});
