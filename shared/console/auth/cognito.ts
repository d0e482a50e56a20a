import { randomBytes } from 'node:crypto';
import { CONSOLE_AUTH_ENV } from '../../deployment/environment-names.ts';
import { ConfigurationError } from '../../domain/errors.ts';
import type { IdTokenVerifier } from './id-token.ts';
import { newCodeVerifier } from './pkce.ts';
import type {
  CognitoSettings,
  ConsoleAuth,
  ConsoleKeys,
  Session,
  SignInResult,
  SignOut,
  UserCheck,
} from './types.ts';
import { redirectUriOf, tokenUrlOf } from './urls.ts';

/** Cognito answers in well under a second; a stuck call must not use up API Gateway's 30 s. */
const FETCH_TIMEOUT_MS = 5_000;

export interface CognitoAuthOptions {
  settings: CognitoSettings;
  /** The per-purpose keys (`secrets-manager-keys.ts` in AWS). */
  keys: () => Promise<ConsoleKeys>;
  /** Verifies the ID token (`id-token.ts`: aws-jwt-verify). */
  idTokens: IdTokenVerifier;
  /** Asks Cognito whether a session's user may still come in (`user-check.ts`). */
  checkUser: (session: Session) => Promise<UserCheck>;
  /** Logout revokes: the revocation records (`dynamodb-revocations.ts`) and Cognito's global sign-out. */
  signOut?: SignOut;
  /** The network for the token endpoint (tests pass a fake one). */
  fetch?: typeof fetch;
  onFailure?: (reason: string) => void;
}

/**
 * The console's sign-in through Cognito: the code exchange at the hosted UI's token endpoint (a
 * public client: the code, its PKCE verifier and the redirect URI, no client secret), then the ID
 * token verified; the keys and the user check are given.
 */
export function cognitoAuth(options: CognitoAuthOptions): ConsoleAuth {
  const { settings } = options;
  const fetchImpl = options.fetch ?? fetch;
  return {
    settings,
    keys: options.keys,
    codeVerifier: newCodeVerifier,
    checkUser: (session) => options.checkUser(session),
    ...(options.signOut ? { signOut: options.signOut } : {}),
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    async signIn(code: string, codeVerifier: string, now: Date): Promise<SignInResult> {
      const res = await fetchImpl(tokenUrlOf(settings), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: settings.clientId,
          code,
          redirect_uri: redirectUriOf(settings),
          code_verifier: codeVerifier,
        }).toString(),
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!res.ok) return { ok: false, reason: `token endpoint answered ${res.status}` };
      const body = (await res.json().catch(() => ({}))) as { id_token?: unknown };
      if (typeof body.id_token !== 'string')
        return { ok: false, reason: 'no ID token from the token endpoint' };
      return options.idTokens.verify(body.id_token, now, randomBytes(18).toString('base64url'));
    },
  };
}

/** The settings from the console Lambda's environment; a missing one is an error (never run open). */
export function cognitoSettingsFromEnv(
  env: Record<string, string | undefined>,
  consoleUrlName: string,
): CognitoSettings {
  const read = (name: string): string => {
    const value = env[name];
    if (!value) throw new ConfigurationError(`environment variable ${name} is not set`);
    return value.replace(/\/+$/, '');
  };
  return {
    domainUrl: read(CONSOLE_AUTH_ENV.domainUrl),
    clientId: read(CONSOLE_AUTH_ENV.clientId),
    userPoolId: read(CONSOLE_AUTH_ENV.userPoolId),
    region: read(CONSOLE_AUTH_ENV.region),
    consoleUrl: read(consoleUrlName),
  };
}
