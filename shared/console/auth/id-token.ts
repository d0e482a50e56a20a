import type { Session, SignInResult } from './types.ts';

/** A compact JWS split into its parts; the signature is checked by the caller (`cognito.ts`). */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `<header>.<payload>`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function jsonObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return null;
  const [h = '', p = '', s = ''] = parts;
  const header = jsonObject(h);
  const claims = jsonObject(p);
  if (!header || !claims) return null;
  return { header, claims, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/**
 * The claims of a Cognito ID token whose signature was verified: issued by this pool, for this
 * app client, an ID token (not an access token), not expired. The session lasts as long as it.
 */
export function checkIdTokenClaims(
  claims: Record<string, unknown>,
  expected: { issuer: string; clientId: string },
  now: Date,
): SignInResult {
  const { iss, aud, token_use: use, exp, sub, email } = claims;
  if (iss !== expected.issuer) return { ok: false, reason: `issuer ${String(iss)}` };
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.clientId)) return { ok: false, reason: `audience ${String(aud)}` };
  if (use !== 'id') return { ok: false, reason: `token_use ${String(use)}` };
  if (typeof exp !== 'number' || exp <= now.getTime() / 1000) return { ok: false, reason: 'expired' };
  if (typeof sub !== 'string' || !sub) return { ok: false, reason: 'no sub' };
  const session: Session = { sub, email: typeof email === 'string' ? email : '', expiresAt: exp };
  return { ok: true, session };
}
