import { createHash, randomBytes } from 'node:crypto';

/**
 * PKCE (RFC 7636, S256): the browser keeps a random verifier in an HttpOnly cookie, the authorize
 * request carries only its SHA-256 (the challenge), and the code is worth nothing at the token
 * endpoint without the verifier. A code read from a log, a proxy or the browser history cannot be
 * exchanged by anyone but the browser that started the sign-in.
 */
export const newCodeVerifier = (): string => randomBytes(32).toString('base64url');

/** RFC 7636's verifier alphabet and length. */
export const isCodeVerifier = (value: string | undefined): value is string =>
  value !== undefined && /^[A-Za-z0-9._~-]{43,128}$/.test(value);

export const codeChallenge = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');
