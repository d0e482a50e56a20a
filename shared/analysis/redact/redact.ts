import { cardNumbers } from './card-number.ts';
import { cliCredentials } from './cli-credentials.ts';
import { cookies } from './cookies.ts';
import type { Detector } from './detector.ts';
import { emails } from './email.ts';
import { highEntropyValues } from './entropy.ts';
import { FindingTally, type RedactionFinding } from './findings.ts';
import { ipAddresses } from './ip-address.ts';
import { keyValueSecrets } from './key-value.ts';
import { authorizationCredentials, jwts, urlPasswords } from './pattern-detectors.ts';
import { personalData } from './pii.ts';
import { type Triggers, triggersOf } from './prefilter.ts';
import { privateKeys } from './private-key.ts';
import { vendorTokens } from './token-detectors.ts';

export interface Redaction {
  readonly text: string;
  readonly findings: RedactionFinding[];
}

/**
 * Most specific first: a PEM block or a bearer JWT is masked whole before key=value or e-mail
 * scanning could cut into it, and a value already replaced by a marker is left alone by later passes.
 */
const DETECTORS: readonly Detector[] = [
  privateKeys,
  authorizationCredentials,
  cookies,
  jwts,
  vendorTokens,
  urlPasswords,
  cliCredentials,
  keyValueSecrets,
  highEntropyValues,
  emails,
  cardNumbers,
  personalData,
  ipAddresses,
];

/** What a line whose only trigger is a long token run can hold. */
const TOKEN_DETECTORS: readonly Detector[] = [jwts, vendorTokens, highEntropyValues];

const ROUTES: Record<Exclude<Triggers, 'none'>, readonly Detector[]> = {
  all: DETECTORS,
  'token-run': TOKEN_DETECTORS,
  address: [ipAddresses],
};

/** `redact` into a shared tally, for callers that sum findings over many strings. */
export function redactInto(text: string, tally: FindingTally): string {
  const triggers = triggersOf(text);
  if (triggers === 'none') return text;
  let out = text;
  for (const detector of ROUTES[triggers]) {
    if (detector.mayMatch(out)) out = detector.apply(out, tally);
  }
  return out;
}

/** Masks secrets and personal data as `[REDACTED:<kind>]`; every other character is kept as it was. */
export function redact(text: string): Redaction {
  const tally = new FindingTally();
  const out = redactInto(text, tally);
  return { text: out, findings: tally.toFindings() };
}

/** True when `redact` would change the text: for self-checks before something leaves the process. */
export function containsSecret(text: string): boolean {
  return redact(text).text !== text;
}
