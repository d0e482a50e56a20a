/*
 * The scan every line pays before any detector runs. V8's compiled regular expressions scan faster
 * than a JavaScript loop over the characters, so the triggers are a handful of patterns, each kept
 * free of constructs that re-read a run from every start (measured: bench/redact-bench.ts). A line
 * with no trigger is returned as it was; a line whose only trigger is a long token run with a capital
 * or an underscore (a vendor token, a JWT, a random value) goes through the token detectors alone,
 * one whose only trigger is an IP address through the address detector alone; anything else
 * through every detector.
 */
import { IPV4_HINT, IPV6_HINT } from './ip-address.ts';

export type Triggers = 'none' | 'token-run' | 'address' | 'all';

/** Words (any case) that name a secret, a credential header, personal data or a MySQL client. */
const WORDS =
  /pass|pwd|secret|token|key|auth|bearer|basic|cookie|sig|credential|phone|mobile|msisdn|tel|private|mysql|maria|eyj|glpat|glptt|gldt/i;

/** Card numbers, US/UK national ids, IBANs, international phones. */
const DIGITS =
  /\+\d|(?<![\d.])(?:\d{4}[ -]?\d{4}[ -]?\d|\d{3}-\d\d-\d{4})|[A-Z]{2}(?:\d\d ?[A-Z0-9]{4} ?[A-Z0-9]{4}| ?\d\d ?\d\d ?\d\d)/;

/**
 * A capital or `_` and 19 more token characters: every vendor token without a word above (AWS keys,
 * `ghp_`, `npm_`, `sk-`, `xoxb-`, `hvs.`, webhook paths…), and by definition every high-entropy
 * value (entropy.ts asks for the same run).
 */
export const TOKEN_RUN = /[A-Z_][A-Za-z0-9_+/-]{19}/;

/** Every case-sensitive trigger in one pattern: ordinary lines pay two scans, not four. */
const ANY_SHAPE = new RegExp(
  `@|--|${DIGITS.source}|${TOKEN_RUN.source}|${IPV4_HINT.source}|${IPV6_HINT.source}`,
);

/** Which detectors a line needs: none, the token detectors only, the address detector only, or all of them. */
export function triggersOf(text: string): Triggers {
  if (WORDS.test(text)) return 'all';
  if (!ANY_SHAPE.test(text)) return 'none';
  if (text.includes('@') || text.includes('--') || DIGITS.test(text)) return 'all';
  const address = IPV4_HINT.test(text) || IPV6_HINT.test(text);
  if (!address) return 'token-run';
  return TOKEN_RUN.test(text) ? 'all' : 'address';
}
