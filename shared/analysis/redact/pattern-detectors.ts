import { type Detector, replaceMatches } from './detector.ts';
import type { FindingTally } from './findings.ts';
import { marker, type RedactionKind, startsWithMarker } from './kinds.ts';
import {
  API_KEY,
  API_KEY_HINT,
  AUTH_SCHEME,
  AUTH_SCHEME_HINT,
  AUTHORIZATION_BEFORE,
  AWS_ACCESS_KEY,
  JWT,
  ORACLE_USERINFO,
  URL_USERINFO,
} from './patterns.ts';

function wholeMatch(pattern: RegExp, kind: RedactionKind, mayMatch: (text: string) => boolean): Detector {
  return {
    mayMatch,
    apply: (text, tally) =>
      replaceMatches(text, pattern, () => {
        tally.add(kind);
        return marker(kind);
      }),
  };
}

export const awsAccessKeys = wholeMatch(
  AWS_ACCESS_KEY,
  'aws-access-key',
  (text) => text.includes('AKIA') || text.includes('ASIA'),
);

export const apiKeys = wholeMatch(API_KEY, 'api-key', (text) => API_KEY_HINT.test(text));

export const jwts = wholeMatch(JWT, 'jwt', (text) => text.includes('eyJ'));

/**
 * `Bearer <token>` after an Authorization key, or before a JWT anywhere; `Basic <credentials>` only
 * after an Authorization key ("basic" and "bearer" are ordinary words too). The scheme is kept.
 */
export const authorizationCredentials: Detector = {
  mayMatch: (text) => AUTH_SCHEME_HINT.test(text),
  apply: (text, tally) =>
    replaceMatches(text, AUTH_SCHEME, (m) => {
      const token = m[2] ?? '';
      const afterAuthorization = AUTHORIZATION_BEFORE.test(text.slice(Math.max(0, m.index - 48), m.index));
      const bearer = m[1]?.toLowerCase() === 'bearer';
      let kind: RedactionKind;
      if (bearer && (afterAuthorization || token.startsWith('eyJ'))) kind = 'bearer-token';
      else if (!bearer && afterAuthorization) kind = 'password';
      else return null;
      tally.add(kind);
      return m[0].slice(0, m[0].length - token.length) + marker(kind);
    }),
};

function maskPassword(tally: FindingTally, password: string): string | null {
  if (startsWithMarker(password)) return null;
  tally.add('password');
  return marker('password');
}

/** Passwords inside URLs; the user and host stay, so the report still says which account and where. */
export const urlPasswords: Detector = {
  mayMatch: (text) => text.includes('@') && (text.includes('://') || text.includes('jdbc:oracle:')),
  apply: (text, tally) => {
    const masked = replaceMatches(text, URL_USERINFO, (m) => {
      const password = maskPassword(tally, m[2] ?? '');
      return password === null ? null : `://${m[1] ?? ''}:${password}@`;
    });
    return replaceMatches(masked, ORACLE_USERINFO, (m) => {
      const password = maskPassword(tally, m[3] ?? '');
      return password === null ? null : `${m[1] ?? ''}${m[2] ?? ''}/${password}@`;
    });
  },
};
