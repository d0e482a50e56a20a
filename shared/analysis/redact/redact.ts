import { cardNumbers } from './card-number.ts';
import type { Detector } from './detector.ts';
import { emails } from './email.ts';
import { FindingTally, type RedactionFinding } from './findings.ts';
import { keyValueSecrets } from './key-value.ts';
import { apiKeys, authorizationCredentials, awsAccessKeys, jwts, urlPasswords } from './pattern-detectors.ts';
import { privateKeys } from './private-key.ts';

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
  jwts,
  awsAccessKeys,
  apiKeys,
  urlPasswords,
  keyValueSecrets,
  emails,
  cardNumbers,
];

/** `redact` into a shared tally, for callers that sum findings over many strings. */
export function redactInto(text: string, tally: FindingTally): string {
  let out = text;
  for (const detector of DETECTORS) if (detector.mayMatch(out)) out = detector.apply(out, tally);
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
