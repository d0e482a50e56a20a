import { AUTH_CALLBACK_PATH, AUTH_LOGOUT_PATH } from '../../deployment/console-paths.ts';
import { incidentPath, route, STYLESHEET_PATH } from '../paths.ts';
import { message, redirect } from '../responses.ts';
import type { ConsoleRequest, ConsoleResponse, FeedbackTokens } from '../types.ts';
import { clearCookie, SESSION_COOKIE, SIGN_IN_COOKIE, setCookie } from './cookies.ts';
import { sessionFeedbackTokens } from './feedback-tokens.ts';
import { codeChallenge, isCodeVerifier } from './pkce.ts';
import { isRevoked, revokeSessions } from './revocation.ts';
import { openSession, sealSession } from './session.ts';
import { openState, SIGN_IN_SECONDS, sealState } from './state.ts';
import type { ConsoleAuth, ConsoleKeys, Session } from './types.ts';
import { authorizeUrl, logoutUrl } from './urls.ts';

/**
 * Either the request goes on, with its session and the feedback tokens of that session (none for
 * the public stylesheet), or this answers it.
 */
export type Gate =
  | { session: Session; tokens: FeedbackTokens }
  | { session: null }
  | { response: ConsoleResponse };

/**
 * Authentication in the console itself, not in API Gateway: a browser following a link (from the
 * notification e-mail, from chat) sends cookies but no `Authorization` header, and the pages have
 * no JavaScript to add one. So every page needs the session cookie, and its user must still be
 * allowed in by Cognito; without it the browser goes to the Cognito hosted UI and comes back to
 * `/auth/callback` with a code.
 */
export async function authenticate(req: ConsoleRequest, auth: ConsoleAuth, now: Date): Promise<Gate> {
  const read = ['GET', 'HEAD'].includes(req.method.toUpperCase());
  if (req.path === AUTH_LOGOUT_PATH) return { response: read ? await logout(req, auth, now) : notAllowed() };
  // The stylesheet is no secret, and the sign-in failure pages use it.
  if (req.path === STYLESHEET_PATH) return { session: null };
  // Without the keys (Secrets Manager) or an answer from Cognito nobody can be let in: a 503 page.
  try {
    const keys = await auth.keys();
    if (req.path === AUTH_CALLBACK_PATH) {
      return { response: read ? await callback(req, auth, keys, now) : notAllowed() };
    }
    const session = openSession(keys.session, req.cookies?.[SESSION_COOKIE], now);
    if (!session) return { response: signIn(req, auth, keys, now, read) };
    if (await isRevoked(auth.signOut, session)) {
      auth.onFailure?.(`session of ${session.sub} refused: signed out since`);
      return { response: signIn(req, auth, keys, now, read) };
    }
    const check = await auth.checkUser(session);
    if (!check.ok) {
      auth.onFailure?.(`session of ${session.sub} refused: ${check.reason}`);
      return { response: signIn(req, auth, keys, now, read) };
    }
    return { session, tokens: sessionFeedbackTokens(keys.feedback, session, () => now) };
  } catch (error) {
    auth.onFailure?.(`sign-in check unavailable: ${errorText(error)}`);
    return { response: unavailable() };
  }
}

/**
 * Clears the cookie and goes to the hosted UI's logout. With `signOut`, the session's user is first
 * signed out here (every session of theirs issued until now is void, copies of the cookie included)
 * and then at Cognito. If the revocation cannot be recorded the page says so: the cookie is cleared
 * in this browser, but a copy could still be used.
 */
async function logout(req: ConsoleRequest, auth: ConsoleAuth, now: Date): Promise<ConsoleResponse> {
  const clear = { 'set-cookie': clearCookie(SESSION_COOKIE) };
  const { signOut } = auth;
  if (signOut) {
    let session: Session | null;
    try {
      session = openSession((await auth.keys()).session, req.cookies?.[SESSION_COOKIE], now);
      if (session) await revokeSessions(signOut, session, now);
    } catch (error) {
      auth.onFailure?.(`sign-out not recorded: ${errorText(error)}`);
      return signOutFailed(clear);
    }
    if (session && signOut.endCognitoSignIn) {
      // The console's own sessions are void already; Cognito's refresh tokens are a second line.
      await signOut.endCognitoSignIn(session).catch((error: unknown) => {
        auth.onFailure?.(`Cognito sign-out of ${session.sub} failed: ${errorText(error)}`);
      });
    }
  }
  return redirect(logoutUrl(auth.settings), clear);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** To the hosted UI; back to this page afterwards (for a POST: to the page its form was on). */
function signIn(
  req: ConsoleRequest,
  auth: ConsoleAuth,
  keys: ConsoleKeys,
  now: Date,
  read: boolean,
): ConsoleResponse {
  let returnTo = '/';
  if (read) {
    const query = new URLSearchParams(req.query).toString();
    returnTo = `${encodeURI(req.path)}${query ? `?${query}` : ''}`;
  } else {
    const target = route(req.path);
    if (target.page === 'feedback') returnTo = incidentPath(target.incidentId);
  }
  // One verifier per browser while it signs in: several tabs sent to the hosted UI at once all return.
  const existing = req.cookies?.[SIGN_IN_COOKIE];
  const verifier = isCodeVerifier(existing) ? existing : auth.codeVerifier();
  const challenge = codeChallenge(verifier);
  const state = sealState(keys.state, returnTo, challenge, now);
  return redirect(
    authorizeUrl(auth.settings, state, challenge),
    { 'set-cookie': setCookie(SIGN_IN_COOKIE, verifier, SIGN_IN_SECONDS) },
    read ? 302 : 303,
  );
}

async function callback(
  req: ConsoleRequest,
  auth: ConsoleAuth,
  keys: ConsoleKeys,
  now: Date,
): Promise<ConsoleResponse> {
  const { code, state, error } = req.query;
  if (error) {
    auth.onFailure?.(`the hosted UI answered ${error.slice(0, 100)}`);
    return refused();
  }
  if (!code || !state) return badSignIn();
  const verifier = req.cookies?.[SIGN_IN_COOKIE];
  const checked = openState(
    keys.state,
    state,
    isCodeVerifier(verifier) ? codeChallenge(verifier) : undefined,
    now,
  );
  if (!checked.ok || !isCodeVerifier(verifier)) {
    auth.onFailure?.(checked.ok ? 'no PKCE verifier' : checked.reason);
    return badSignIn();
  }
  const result = await auth.signIn(code, verifier, now);
  if (!result.ok) {
    auth.onFailure?.(result.reason);
    return refused();
  }
  const maxAge = result.session.expiresAt - Math.floor(now.getTime() / 1000);
  return redirect(checked.returnTo, {
    'set-cookie': setCookie(SESSION_COOKIE, sealSession(keys.session, result.session), maxAge),
  });
}

const notAllowed = () =>
  message(405, 'Method not allowed', 'This address accepts GET only.', { allow: 'GET' });

const badSignIn = () =>
  message(
    400,
    'Sign-in link not valid',
    'This sign-in did not start here, was altered, or has expired. Open the console again to sign in.',
  );

const refused = () =>
  message(401, 'Sign-in failed', 'Your sign-in could not be verified. Open the console again to sign in.');

const signOutFailed = (headers: Record<string, string>) =>
  message(
    503,
    'Sign-out incomplete',
    'You are signed out in this browser, but the console could not record the sign-out, so a copy of your session elsewhere may still work until it expires. Try signing out again in a minute.',
    { 'retry-after': '30', ...headers },
  );

const unavailable = () =>
  message(
    503,
    'Sign-in unavailable',
    'The console cannot check your sign-in right now. Try again in a minute.',
    { 'retry-after': '30' },
  );
