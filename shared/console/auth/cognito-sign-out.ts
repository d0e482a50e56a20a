import {
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Session } from './types.ts';

const CALL_TIMEOUT_MS = 3_000;

/**
 * Ends the user's sign-in at Cognito: AdminUserGlobalSignOut revokes every refresh token the pool
 * issued to the user. The console keeps no token of its own (its session is a sealed cookie, voided
 * by the revocation record), so this is what a token revocation would do, for every device. A user
 * no longer in the pool has nothing left to end.
 */
export function cognitoGlobalSignOut(options: {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
}): (session: Session) => Promise<void> {
  return async (session) => {
    try {
      await options.client.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: options.userPoolId, Username: session.username }),
        { abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) },
      );
    } catch (error) {
      if (error instanceof UserNotFoundException) return;
      throw error;
    }
  };
}
