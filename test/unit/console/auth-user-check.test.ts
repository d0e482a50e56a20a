import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
  type UserStatusType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoUserCheck, USER_CHECK_MAX_AGE_MS } from '../../../shared/console/auth/user-check.ts';
import { SETTINGS, session, USER } from './auth-fixtures.ts';

const cognito = mockClient(CognitoIdentityProviderClient);

/** The pool's answer for the user: enabled, confirmed, e-mail verified, unless told otherwise. */
function poolHas(
  user: { enabled?: boolean; status?: UserStatusType; sub?: string; emailVerified?: string } = {},
) {
  cognito.reset();
  cognito.on(AdminGetUserCommand, { UserPoolId: SETTINGS.userPoolId, Username: USER.username }).resolves({
    Username: USER.username,
    Enabled: user.enabled ?? true,
    UserStatus: user.status ?? 'CONFIRMED',
    UserAttributes: [
      { Name: 'sub', Value: user.sub ?? USER.sub },
      { Name: 'email', Value: USER.email },
      { Name: 'email_verified', Value: user.emailVerified ?? 'true' },
    ],
  });
}

describe('the session check with Cognito', () => {
  let clock: number;
  const check = () =>
    cognitoUserCheck({
      client: new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
      userPoolId: SETTINGS.userPoolId,
      clock: () => clock,
    });

  beforeEach(() => {
    clock = 5_000_000;
    poolHas();
  });

  it('lets an enabled, confirmed user in, and asks Cognito at most once per bound', async () => {
    const allowed = check();

    expect(await allowed(session())).toEqual({ ok: true });
    clock += USER_CHECK_MAX_AGE_MS - 1;
    expect(await allowed(session({ id: 'another-tab-same-user' }))).toEqual({ ok: true });
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(1);
    clock += 1;
    await allowed(session());
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(2);
  });

  it('ends the session of a user disabled since, within the bound', async () => {
    const allowed = check();
    expect((await allowed(session())).ok).toBe(true);

    poolHas({ enabled: false });
    expect((await allowed(session())).ok).toBe(true); // still the remembered answer
    clock += USER_CHECK_MAX_AGE_MS;
    expect(await allowed(session())).toEqual({ ok: false, reason: 'user disabled' });
  });

  it.each([
    ['a password reset pending', { status: 'RESET_REQUIRED' as const }, 'user status RESET_REQUIRED'],
    ['an unverified e-mail', { emailVerified: 'false' }, 'e-mail address not verified'],
    ['the name given to a new user', { sub: 'another-sub' }, 'user name now belongs to another user'],
  ])('refuses %s', async (_what, user, reason) => {
    poolHas(user);

    expect(await check()(session())).toEqual({ ok: false, reason });
  });

  it('refuses a deleted user', async () => {
    cognito.reset();
    cognito
      .on(AdminGetUserCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));

    expect(await check()(session())).toEqual({ ok: false, reason: 'user no longer in the pool' });
  });

  it('does not remember a refusal: a user enabled again is let in at once', async () => {
    poolHas({ enabled: false });
    const allowed = check();
    expect((await allowed(session())).ok).toBe(false);

    poolHas();
    expect((await allowed(session())).ok).toBe(true);
  });

  it('throws when Cognito cannot answer (the gate then lets nobody in)', async () => {
    cognito.reset();
    cognito.on(AdminGetUserCommand).rejects(new Error('TooManyRequestsException'));

    await expect(check()(session())).rejects.toThrow('TooManyRequests');
  });
});
