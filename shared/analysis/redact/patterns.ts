/*
 * Regular expressions for secrets with a recognisable shape. V8's engine backtracks, so each one is
 * written to stay linear on any input: it starts at a literal or at the start of a character run
 * (a lookbehind rejects starts inside a run), and its repeated parts are separated by characters
 * they cannot consume, so a failed attempt gives back at most the run it read.
 */

/** Header, payload and signature (a JWE has two more segments); the header is JSON, so `eyJ`. */
export const JWT =
  /(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2}/g;

/** An HTTP auth scheme and its credentials (RFC 6750 b64token). */
export const AUTH_SCHEME =
  /\b(bearer|basic|token|digest|apikey|api-key|negotiate|ntlm|sharedaccesssignature)[ \t]+([A-Za-z0-9\-._~+/]+=*)/gi;
export const AUTH_SCHEME_HINT = /bearer|basic|authorization/i;

/** Matched against the few characters before a scheme: `Authorization: `, `'authorization': '`, `\"Authorization\":\"`. */
export const AUTHORIZATION_BEFORE = /authorization["'\\]{0,3}[ \t]{0,4}[:=][ \t]{0,4}["'\\]{0,3}[ \t]{0,4}$/i;

/** `scheme://user:password@host`; the password runs to the last `@` before the path. */
export const URL_USERINFO = /:\/\/([^\s:/?#@"'<>\\[\]]{0,128}):([^\s/?#"'<>\\]{1,256})@/g;

/**
 * The same with a password holding `/`, `?` or `#` (not percent-encoded, as RFC 3986 wants, but
 * common): up to the first `@`. Tried after `URL_USERINFO`, whose matches are markers by then.
 */
export const URL_USERINFO_SLASHED = /:\/\/([^\s:/?#@"'<>\\[\]]{0,128}):([^\s"'<>\\@]{1,256})@/g;

/** `jdbc:oracle:thin:user/password@host`. */
export const ORACLE_USERINFO = /(jdbc:oracle:[a-z]+:)([^\s/@:"']+)\/([^\s@"']+)@/g;

export const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
export const PRIVATE_KEY_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;

/** A 13-digit run, or a 4-digit group followed by a separated 3-digit group: what a card number needs. */
export const CARD_HINT = /\d{13}|\d{4}[ -]\d{3}/;
