import type { BlobStore } from '../ports/blob-store.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import type { ConsoleAuth, Session } from './auth/types.ts';

/** A request as the console sees it, whichever server received it (node:http or API Gateway). */
export interface ConsoleRequest {
  method: string;
  /** The decoded path, without the query string: `/`, `/incidents/INC-1a2b3c4d`. */
  path: string;
  /** Query string parameters; the first value of a repeated name. */
  query: Readonly<Record<string, string>>;
  /** The fields of an `application/x-www-form-urlencoded` body. */
  form?: Readonly<Record<string, string>>;
  /** The request's cookies by name (the session cookie when signed in). */
  cookies?: Readonly<Record<string, string>>;
}

export interface ConsoleResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The per-incident anti-forgery token of the feedback form. Made outside the pure core (an HMAC
 * of the incident id under a server secret, `server/feedback-tokens.ts`); a forged cross-site POST
 * cannot read the page, so it cannot know the token.
 */
export interface FeedbackTokens {
  issue(incidentId: string): string;
  verify(incidentId: string, token: string): boolean;
}

export interface ConsoleDeps {
  store: IncidentStore;
  blobs: BlobStore;
  now: () => Date;
  /** With `auth`, each signed-in request uses its session's tokens instead (`auth/feedback-tokens.ts`). */
  tokens: FeedbackTokens;
  /**
   * Sign-in through Cognito (`auth/cognito.ts`): the console Lambda sets it, so every page needs a
   * session; the local console on 127.0.0.1 leaves it out and serves without sign-in.
   */
  auth?: ConsoleAuth;
  /** Told who a request is from, once authenticated (the Lambda logs the `sub`). */
  onSession?: (session: Session) => void;
  /** What is wrong with the store though it answers (a repaired local store), said on the list. */
  storeNotes?: () => Promise<string[]>;
  /** Told about unexpected errors (the page says only that something went wrong). */
  onError?: (error: unknown) => void;
}
