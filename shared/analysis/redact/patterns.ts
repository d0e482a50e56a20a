/*
 * Regular expressions for secrets with a recognisable shape. V8's engine backtracks, so each one is
 * written to stay linear on any input: it starts at a literal or at the start of a character run
 * (a lookbehind rejects starts inside a run), and its repeated parts are separated by characters
 * they cannot consume, so a failed attempt gives back at most the run it read.
 */

export const AWS_ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;

/** Stripe, GitHub, Slack, Google and `sk-` (OpenAI, Anthropic) keys. */
export const API_KEY =
  /(?<![A-Za-z0-9_-])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{30,}|sk-[A-Za-z0-9_-]{20,})/g;
export const API_KEY_HINT = /sk_|rk_|gh[pousr]_|github_pat_|xox|AIza|sk-/;

/** Header, payload and signature (a JWE has two more segments); the header is JSON, so `eyJ`. */
export const JWT =
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2}/g;

/** An HTTP auth scheme and its credentials (RFC 6750 b64token). */
export const AUTH_SCHEME = /\b(bearer|basic)[ \t]+([A-Za-z0-9\-._~+/]+=*)/gi;
export const AUTH_SCHEME_HINT = /bearer|basic/i;

/** Matched against the few characters before a scheme: `Authorization: `, `'authorization': '`, `\"Authorization\":\"`. */
export const AUTHORIZATION_BEFORE = /authorization["'\\]{0,3}[ \t]{0,4}[:=][ \t]{0,4}["'\\]{0,3}[ \t]{0,4}$/i;

/** `scheme://user:password@host`; the password runs to the last `@` before the path. */
export const URL_USERINFO = /:\/\/([^\s:/?#@"'<>\\[\]]*):([^\s/?#"'<>\\]+)@/g;

/** `jdbc:oracle:thin:user/password@host`. */
export const ORACLE_USERINFO = /(jdbc:oracle:[a-z]+:)([^\s/@:"']+)\/([^\s@"']+)@/g;

export const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
export const PRIVATE_KEY_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;

/** A 13-digit run, or a 4-digit group followed by a separated 3-digit group: what a card number needs. */
export const CARD_HINT = /\d{13}|\d{4}[ -]\d{3}/;
