import { type Detector, replaceMatches } from './detector.ts';
import type { FindingTally } from './findings.ts';
import { marker, type RedactionKind, startsWithMarker } from './kinds.ts';
import {
  AUTH_SCHEME,
  AUTH_SCHEME_HINT,
  AUTHORIZATION_BEFORE,
  JWT,
  ORACLE_USERINFO,
  URL_USERINFO,
  URL_USERINFO_SLASHED,
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

export const jwts = wholeMatch(JWT, 'jwt', (text) => text.includes('eyJ'));

/**
 * `Bearer <token>` after an Authorization key, or before a JWT anywhere; `Basic <credentials>` and
 * the other schemes (`Token`, `Digest`, `AWS4-HMAC-SHA256`…) only after an Authorization key
 * ("basic", "bearer" and "token" are ordinary words too). The scheme is kept.
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
      else if (!bearer && afterAuthorization) kind = m[1]?.toLowerCase() === 'basic' ? 'password' : 'token';
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

const PORT_THEN_PATH = /^\d{1,5}(?:[/?#]|$)/;

/** Passwords inside URLs; the user and host stay, so the report still says which account and where. */
export const urlPasswords: Detector = {
  mayMatch: (text) => text.includes('@') && (text.includes('://') || text.includes('jdbc:oracle:')),
  apply: (text, tally) => {
    const userinfo = (m: RegExpExecArray) => {
      const password = maskPassword(tally, m[2] ?? '');
      return password === null ? null : `://${m[1] ?? ''}:${password}@`;
    };
    const plain = replaceMatches(text, URL_USERINFO, userinfo);
    // `host:8080/path?mail=a@b.io` is a port and a path, not a password.
    const masked = replaceMatches(plain, URL_USERINFO_SLASHED, (m) =>
      PORT_THEN_PATH.test(m[2] ?? '') ? null : userinfo(m),
    );
    return replaceMatches(masked, ORACLE_USERINFO, (m) => {
      const password = maskPassword(tally, m[3] ?? '');
      return password === null ? null : `${m[1] ?? ''}${m[2] ?? ''}/${password}@`;
    });
  },
};
