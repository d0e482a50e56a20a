import {
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Session, UserCheck } from './types.ts';

/** How long Cognito's "yes, still allowed" is reused: disabling a user takes effect within this. */
export const USER_CHECK_MAX_AGE_MS = 60_000;
/** Users remembered at once (a handful sign in to a console; the bound keeps memory flat). */
const MAX_REMEMBERED = 500;
const CALL_TIMEOUT_MS = 3_000;

export interface CognitoUserCheckOptions {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  maxAgeMs?: number;
  /** ms. */
  clock?: () => number;
}

/**
 * A session is only as good as its user: on each request (at most once per `maxAgeMs` per user)
 * Cognito's AdminGetUser says whether the user still exists with the same `sub` (not deleted and
 * created again under the same name), is enabled, confirmed (not waiting for a password reset)
 * and has a verified e-mail. Only a "yes" is remembered, so a user re-enabled is let in at once.
 * A failing call throws: the gate answers 503 rather than letting anyone in unchecked.
 */
export function cognitoUserCheck(options: CognitoUserCheckOptions): (session: Session) => Promise<UserCheck> {
  const maxAge = options.maxAgeMs ?? USER_CHECK_MAX_AGE_MS;
  const clock = options.clock ?? Date.now;
  const allowed = new Map<string, number>();

  return async (session) => {
    const key = `${session.username}\n${session.sub}`;
    const at = allowed.get(key);
    if (at !== undefined && clock() - at < maxAge) return { ok: true };
    allowed.delete(key);
    const result = await askCognito(options, session);
    if (result.ok) {
      allowed.set(key, clock());
      if (allowed.size > MAX_REMEMBERED) {
        const oldest = allowed.keys().next().value;
        if (oldest !== undefined) allowed.delete(oldest);
      }
    }
    return result;
  };
}

async function askCognito(options: CognitoUserCheckOptions, session: Session): Promise<UserCheck> {
  let user: AdminGetUserCommandOutput;
  try {
    user = await options.client.send(
      new AdminGetUserCommand({ UserPoolId: options.userPoolId, Username: session.username }),
      { abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) },
    );
  } catch (error) {
    if (error instanceof UserNotFoundException) return { ok: false, reason: 'user no longer in the pool' };
    throw error;
  }
  const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
  if (attribute('sub') !== session.sub) return { ok: false, reason: 'user name now belongs to another user' };
  if (user.Enabled !== true) return { ok: false, reason: 'user disabled' };
  if (user.UserStatus !== 'CONFIRMED') return { ok: false, reason: `user status ${String(user.UserStatus)}` };
  if (attribute('email_verified') !== 'true') return { ok: false, reason: 'e-mail address not verified' };
  return { ok: true };
}
