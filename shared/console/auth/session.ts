import { openValue, sealValue } from './signed.ts';
import type { Session, Signer } from './types.ts';

/** The longest a session lasts, whatever the ID token's lifetime: then the hosted UI again. */
export const MAX_SESSION_SECONDS = 60 * 60;

/**
 * The session cookie's value, sealed under the session key: who (`s`, `u`, `m`), which sign-in
 * (`j`), since and until when (`i`, `x`). Checked without Cognito's keys on every request; whether
 * the user may still come in is asked of Cognito (`ConsoleAuth.checkUser`).
 */
export const sealSession = (signer: Signer, session: Session): string =>
  sealValue(signer, 'session', {
    j: session.id,
    s: session.sub,
    u: session.username,
    m: session.email,
    i: session.issuedAt,
    x: session.expiresAt,
  });

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The session of a cookie value, if this console sealed it and it is current. */
export function openSession(signer: Signer, cookie: string | undefined, now: Date): Session | null {
  if (!cookie) return null;
  const value = openValue(signer, 'session', cookie);
  if (!value) return null;
  const { j, s, u, m, i, x } = value;
  if (!text(j) || !text(s) || !text(u) || typeof m !== 'string') return null;
  if (typeof i !== 'number' || typeof x !== 'number') return null;
  const seconds = now.getTime() / 1000;
  if (x <= seconds || x - i > MAX_SESSION_SECONDS || i > seconds + 60) return null;
  return { id: j, sub: s, username: u, email: m, issuedAt: i, expiresAt: x };
}
