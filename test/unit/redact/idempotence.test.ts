import { describe, expect, it } from 'vitest';
import { redact } from '../../../shared/analysis/redact/index.ts';

/** Pieces that, glued at random, put secrets, keys, separators, quotes and markers next to each other. */
const PIECES = [
  'password',
  'token',
  'secret',
  'api_key',
  'private_key',
  'client_secret',
  'SecretAccessKey',
  'nextToken',
  'Authorization',
  'Bearer',
  'Basic',
  '=',
  ':',
  ': ',
  '=>',
  '==',
  '"',
  "'",
  '\\"',
  '\\',
  ' ',
  '\t',
  '\n',
  '@',
  '.',
  'com',
  'bob',
  'x@y.io',
  '://',
  'u',
  '/',
  ';',
  ',',
  '&',
  '{',
  '}',
  '(',
  ')',
  '<',
  '>',
  '*',
  'null',
  'id',
  'a',
  '1',
  '4',
  '-',
  '<password>',
  '</password>',
  '[REDACTED:password]',
  '[REDACTED:email]',
  '[REDACTED:',
  ']',
  'AKIAIOSFODNN7EXAMPLE',
  'ASIA',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'eyJhbGciOiJIUzI1NiJ9',
  '.eyJzdWIiOiIxIn0',
  '.sig',
  'sk_live_abcdefghijkl',
  'sk-abcdefghijklmnopqrstuvwxyz',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'xoxb-1234567890',
  'AIzaSyA-abcdefghijklmnopqrstuvwxyz12345',
  '4242',
  '4242 4242 4242 4242',
  '4111111111111111',
  '378282246310005',
  '1779621606224',
  '-----BEGIN PRIVATE KEY-----',
  '-----END PRIVATE KEY-----',
  'jdbc:oracle:thin:',
  'redis://:pw@h.io',
];

/** A small seeded generator, so a failure names a reproducible input. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe('idempotence', () => {
  it('redact(redact(x)) === redact(x) for 20 000 generated lines', () => {
    const random = lcg(20260524);
    const failures: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let line = '';
      const pieces = 1 + Math.floor(random() * 12);
      for (let i = 0; i < pieces; i++) line += PIECES[Math.floor(random() * PIECES.length)];
      const once = redact(line).text;
      if (redact(once).text !== once) failures.push(line);
    }
    expect(failures).toEqual([]);
  });
});
