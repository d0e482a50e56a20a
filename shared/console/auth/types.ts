/**
 * Sign-in to the console in AWS, through the Cognito hosted UI (OAuth 2.0 authorization code
 * flow with PKCE). The flow (`gate.ts`) and the sealed values are plain code; the calls to Cognito
 * and Secrets Manager are made by `cognito.ts`, `id-token.ts`, `user-check.ts` and
 * `secrets-manager-keys.ts`.
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

/** Who is signed in, since when and until when (seconds since the epoch). */
export interface Session {
  /** This sign-in (random): the feedback forms it was shown are bound to it. */
  id: string;
  sub: string;
  /** The pool's user name (`cognito:username`), which Cognito's admin API looks users up by. */
  username: string;
  email: string;
  issuedAt: number;
  expiresAt: number;
}

/** An HMAC under one of the console's keys; the callers put a purpose prefix in `text`. */
export interface Signer {
  sign(text: string): string;
  verify(text: string, signature: string): boolean;
}

/**
 * One key per purpose: a session cookie cannot pass for a sign-in state or a feedback token, and a
 * key that leaks forges one kind of value only.
 */
export interface ConsoleKeys {
  session: Signer;
  state: Signer;
  feedback: Signer;
}

export type SignInResult = { ok: true; session: Session } | { ok: false; reason: string };

/** Whether a signed-in user may still use the console, as Cognito says now. */
export type UserCheck = { ok: true } | { ok: false; reason: string };

/**
 * Logouts, per user: every session of a user issued at or before the user's last logout is void,
 * wherever its cookie was copied to. Read on every request (never cached: another container's
 * logout counts at once); a store that cannot answer throws, and the gate refuses.
 */
export interface SessionRevocations {
  /** Voids the user's sessions issued at or before `at`; the record may be forgotten after `keepUntil` (seconds). */
  revoke(sub: string, at: number, keepUntil: number): Promise<void>;
  /** The user's last logout (seconds), or null when there is none on record. */
  revokedAt(sub: string): Promise<number | null>;
}

/**
 * Authentication as the router uses it (`ConsoleDeps.auth`): on in the console Lambda only; the
 * local console on 127.0.0.1 runs without it.
 */
export interface ConsoleAuth {
  settings: CognitoSettings;
  /** The current keys (from Secrets Manager in AWS, cached for a bounded time). */
  keys(): Promise<ConsoleKeys>;
  /** A fresh PKCE code verifier. */
  codeVerifier(): string;
  /** Exchanges an authorization code and its PKCE verifier at the token endpoint and verifies the ID token. */
  signIn(code: string, codeVerifier: string, now: Date): Promise<SignInResult>;
  /** Whether the session's user still exists, is enabled and confirmed (disabling a user ends their sessions). */
  checkUser(session: Session): Promise<UserCheck>;
  /** Logout beyond clearing the cookie; without it (tests, older wiring) a copied cookie stays valid. */
  signOut?: SignOut;
  /** Told why a sign-in or a session was refused (the page says only that it failed). */
  onFailure?: (reason: string) => void;
}

/** What logout does beyond clearing the cookie; `revocations` is also read on every request. */
export interface SignOut {
  revocations: SessionRevocations;
  /** Ends the user's sign-in at Cognito too (its refresh tokens), after the revocation is recorded. */
  endCognitoSignIn?(session: Session): Promise<void>;
}
