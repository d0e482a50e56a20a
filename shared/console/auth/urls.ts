import { AUTH_CALLBACK_PATH } from '../../deployment/console-paths.ts';
import type { CognitoSettings } from './types.ts';

export const tokenUrlOf = (s: CognitoSettings): string => `${s.domainUrl}/oauth2/token`;

/** Must equal one of the app client's callback URLs, in the authorize and the token request alike. */
export const redirectUriOf = (s: CognitoSettings): string => `${s.consoleUrl}${AUTH_CALLBACK_PATH}`;

/** The hosted UI's sign-in, with the PKCE challenge of the browser's verifier. */
export function authorizeUrl(s: CognitoSettings, state: string, codeChallenge: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: redirectUriOf(s),
    scope: 'openid email',
    state,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  });
  return `${s.domainUrl}/oauth2/authorize?${query}`;
}

/** Cognito's sign-out, back to the console (its root is the app client's sign-out URL). */
export function logoutUrl(s: CognitoSettings): string {
  const query = new URLSearchParams({ client_id: s.clientId, logout_uri: `${s.consoleUrl}/` });
  return `${s.domainUrl}/logout?${query}`;
}
