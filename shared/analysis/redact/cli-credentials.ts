import { isWhitespace } from './chars.ts';
import { type Detector, replaceMatches } from './detector.ts';
import type { FindingTally } from './findings.ts';
import { marker, startsWithMarker } from './kinds.ts';

/** `--password SECRET`, `--token=SECRET`: a secret-named option and its value. */
const SECRET_OPTION =
  /(?<![A-Za-z0-9])--(?:[a-z]+-)?(?:password|passwd|pass|token|secret|secret-key|api-key|apikey)(?:=|[ \t]+)([^\s'"`]{1,512})/gi;

/** MySQL's `-pSECRET` (the password glued to the flag), in a line that runs a MySQL client. */
const MYSQL_CLIENT = /\b(?:mysql\w*|mariadb\w*)\b/i;
const GLUED_P = /(?<=[\s'"])-p([^\s'"`]{1,512})/g;

/** A Go DSN `user:password@tcp(host)`: the `@` and protocol first, the password before them. */
const GO_DSN_PROTOCOL = /@(?:tcp|tcp4|tcp6|udp|unix)\(/g;
const MAX_PASSWORD = 256;

function mask(tally: FindingTally, value: string, prefix: string): string | null {
  if (startsWithMarker(value) || value.startsWith('-')) return null;
  tally.add('password');
  return prefix + marker('password');
}

function goDsnPasswords(text: string, tally: FindingTally): string {
  let out = '';
  let cursor = 0;
  GO_DSN_PROTOCOL.lastIndex = 0;
  for (let m = GO_DSN_PROTOCOL.exec(text); m !== null; m = GO_DSN_PROTOCOL.exec(text)) {
    // Back from the `@` to the start of the word; the user ends at its first `:` (a password may hold more).
    let start = m.index;
    while (start > cursor && m.index - start <= MAX_PASSWORD) {
      const c = text.charCodeAt(start - 1);
      if (isWhitespace(c) || c === 34 || c === 39 || c === 61) break;
      start--;
    }
    const found = text.indexOf(':', start);
    const colon = found !== -1 && found < m.index ? found : -1;
    if (colon === -1 || colon + 1 === m.index || startsWithMarker(text, colon + 1)) continue;
    out += text.slice(cursor, colon + 1) + marker('password');
    tally.add('password');
    cursor = m.index;
  }
  return cursor === 0 ? text : out + text.slice(cursor);
}

/** Passwords given on command lines and in Go database DSNs. */
export const cliCredentials: Detector = {
  mayMatch: (text) => text.includes('--') || text.includes('-p') || text.includes('@'),
  apply: (text, tally) => {
    let out = replaceMatches(text, SECRET_OPTION, (m) =>
      mask(tally, m[1] ?? '', m[0].slice(0, m[0].length - (m[1] ?? '').length)),
    );
    if (out.includes('-p') && MYSQL_CLIENT.test(out)) {
      out = replaceMatches(out, GLUED_P, (m) => mask(tally, m[1] ?? '', '-p'));
    }
    return out.includes('@') ? goDsnPasswords(out, tally) : out;
  },
};
