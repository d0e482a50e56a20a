/**
 * Sign-in to the console in AWS, through the Cognito hosted UI (OAuth 2.0 authorization code
 * flow). The flow and the checks are pure (this folder); the HMAC, the randomness and the calls to
 * Cognito are made by `cognito.ts`, the one server-side file.
 */

/** Where the user pool and the console are. */
export interface CognitoSettings {
  /** The hosted UI, without a trailing slash: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domainUrl: string;
  /** The console's app client (public: no secret). */
  clientId: string;
  userPoolId: string;
  region: string;
  /** The console's own address, without a trailing slash (the HTTP API endpoint). */
  consoleUrl: string;
}

/** Who is signed in, until when (seconds since the epoch: the ID token's `exp`). */
export interface Session {
  sub: string;
  email: string;
  expiresAt: number;
}

/** An HMAC under the console's secret; the callers put a purpose prefix in `text`. */
export interface Signer {
  sign(text: string): string;
  verify(text: string, signature: string): boolean;
}

export type SignInResult = { ok: true; session: Session } | { ok: false; reason: string };

/**
 * Authentication as the router uses it (`ConsoleDeps.auth`): on in the console Lambda only; the
 * local console on 127.0.0.1 runs without it.
 */
export interface ConsoleAuth {
  settings: CognitoSettings;
  signer: Signer;
  /** A fresh unguessable, URL-safe value (binds a sign-in to the browser that started it). */
  nonce(): string;
  /** Exchanges an authorization code at the token endpoint and verifies the ID token. */
  signIn(code: string, now: Date): Promise<SignInResult>;
  /** Told why a sign-in was refused (the page says only that it failed). */
  onFailure?: (reason: string) => void;
}
