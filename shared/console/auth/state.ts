import { openValue, sealValue } from './signed.ts';
import type { Signer } from './types.ts';

/** How long a sign-in may take, from the redirect to the hosted UI to the callback. */
export const SIGN_IN_SECONDS = 15 * 60;

const ORIGIN = 'https://console.invalid';

/**
 * Whether `path` is a path of this console to return to after sign-in: a relative reference that
 * stays on this origin (not `//host`, not `/\host`, no scheme, no control characters), and not one
 * of the sign-in paths themselves.
 */
export function isSafeReturnPath(path: string): boolean {
  if (path.length > 2048 || !path.startsWith('/') || path.startsWith('//')) return false;
  // Browsers read `\` as `/` and drop tabs and newlines: `/\evil.example` would leave the origin.
  if (path.includes('\\') || /\s/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f'))
    return false;
  let url: URL;
  try {
    url = new URL(path, ORIGIN);
  } catch {
    return false;
  }
  return url.origin === ORIGIN && !url.pathname.startsWith('/auth/');
}

/**
 * The OAuth `state` of a sign-in: where to return (`r`), the PKCE challenge of the browser's
 * verifier (`c`; the verifier itself is in that browser's HttpOnly cookie, so a callback carrying
 * someone else's code and state fails in this browser, which stops login CSRF) and an expiry
 * (`e`), sealed under the state key so that the return path (an open redirect) cannot be chosen by
 * anyone else.
 */
export function sealState(signer: Signer, returnTo: string, challenge: string, now: Date): string {
  const r = isSafeReturnPath(returnTo) ? returnTo : '/';
  return sealValue(signer, 'state', {
    r,
    c: challenge,
    e: Math.floor(now.getTime() / 1000) + SIGN_IN_SECONDS,
  });
}

export type StateCheck = { ok: true; returnTo: string } | { ok: false; reason: string };

/** `challengeOfCookie`: the challenge of the verifier in the request's sign-in cookie, if any. */
export function openState(
  signer: Signer,
  state: string,
  challengeOfCookie: string | undefined,
  now: Date,
): StateCheck {
  const value = openValue(signer, 'state', state);
  if (!value) return { ok: false, reason: 'state not signed by this console' };
  const { r, c, e } = value;
  if (typeof r !== 'string' || typeof c !== 'string' || typeof e !== 'number')
    return { ok: false, reason: 'malformed state' };
  if (e <= now.getTime() / 1000) return { ok: false, reason: 'state expired' };
  if (!challengeOfCookie || c !== challengeOfCookie) return { ok: false, reason: 'state of another browser' };
  if (!isSafeReturnPath(r)) return { ok: false, reason: 'return path leaves the console' };
  return { ok: true, returnTo: r };
}
