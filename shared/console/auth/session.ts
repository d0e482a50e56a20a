import { openValue, sealValue } from './signed.ts';
import type { Session, Signer } from './types.ts';

/**
 * The session cookie's value: the verified ID token's `sub`, `email` and `exp`, sealed under the
 * server secret (smaller than the token, and checked without the JWKS on every request).
 */
export const sealSession = (signer: Signer, session: Session): string =>
  sealValue(signer, 'session', { s: session.sub, m: session.email, x: session.expiresAt });

/** The session of a cookie value, if this console sealed it and it has not expired. */
export function openSession(signer: Signer, cookie: string | undefined, now: Date): Session | null {
  if (!cookie) return null;
  const value = openValue(signer, 'session', cookie);
  if (!value) return null;
  const { s, m, x } = value;
  if (typeof s !== 'string' || !s || typeof m !== 'string' || typeof x !== 'number') return null;
  if (x <= now.getTime() / 1000) return null;
  return { sub: s, email: m, expiresAt: x };
}
