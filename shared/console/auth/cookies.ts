/** The console's cookies: `__Host-` names (Secure, `Path=/`, no `Domain`: this host only). */
export const SESSION_COOKIE = '__Host-incidentiq-session';
/** The PKCE verifier of a sign-in in progress; the `state` of that sign-in carries its challenge. */
export const SIGN_IN_COOKIE = '__Host-incidentiq-sign-in';

/** The cookies of a `Cookie` header (or API Gateway's `cookies`, joined by `; `); the first of a repeated name. */
export function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

/**
 * A `Set-Cookie` value: HttpOnly (no script reads it; the pages have none anyway), Secure, and
 * SameSite=Lax, so it comes along on top-level navigations (the hosted UI's redirect back, links
 * from e-mail and chat) but not on cross-site POSTs.
 */
export function setCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; Secure; SameSite=Lax`;
}

export const clearCookie = (name: string): string => setCookie(name, '', 0);
