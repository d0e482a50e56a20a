import { describe, expect, it } from 'vitest';
import { redact } from '../../../shared/analysis/redact/index.ts';

const MB = 1_000_000;
/** `unit` repeated to one megabyte. */
const megabyteOf = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/*
 * Adversarial 1 MB lines aimed at each pattern: long runs a greedy pattern would re-read from every
 * start, and prefixes repeated so every position is a candidate. A catastrophic pattern turns these
 * into minutes; the test timeout catches that, so no time is asserted here.
 */
describe('redact on hostile 1 MB lines', () => {
  it.each([
    ['one letter', 'a'],
    ['one digit', '1'],
    ['local parts and @', 'a@'],
    ['dotted labels', 'a.'],
    ['JWT header starts', 'eyJ'],
    ['URL schemes with a user', '://u:'],
    ['Oracle prefixes', 'jdbc:oracle:thin:a/'],
    ['bearer words', 'Bearer '],
    ['AKIA prefixes', 'AKIA'],
    ['Stripe prefixes', 'sk_live_'],
    ['key words without a separator', 'password '],
    ['AWS secret keys without a value', 'aws_secret_access_key '],
    ['XML secret tags', '<password>'],
    ['card-like groups that fail', '4111 '],
    ['card-like dashed groups', '1234-'],
    ['webhook prefixes', 'whsec_'],
    ['secret options without a value', '--password '],
    ['Go DSN protocols cut short', 'a:b@tc'],
    ['cookie words without a separator', 'cookie '],
    ['phone prefixes', '+1 2'],
    ['dotted numbers', '203.0.113.'],
    ['hex groups and colons (too many groups for IPv6)', 'ab:'],
    ['hex groups with `::` (more than one `::`)', 'a::'],
    ['dotted octets with too many parts', '10.0.0.1.'],
    ['short mixed values', 'x=Ab1'],
    ['IBAN-like groups', 'DE89 '],
    ['token runs', 'Ab1_'],
    ['URL passwords with slashes', '://u:p/'],
  ])('%s: unchanged', (_name, unit) => {
    const line = megabyteOf(unit);
    expect(redact(line).text === line).toBe(true);
  });

  it('a run before an @ with no domain', () => {
    const line = `${'a'.repeat(MB)}@`;
    expect(redact(line).text === line).toBe(true);
  });

  it('a PEM BEGIN line repeated with no END: masked to the end', () => {
    const line = `key ${megabyteOf('-----BEGIN RSA PRIVATE KEY-----')}`;
    expect(redact(line)).toEqual({
      text: 'key [REDACTED:private-key]',
      findings: [{ kind: 'private-key', count: 1 }],
    });
  });

  it('JWT-shaped segments: masked as whole tokens', () => {
    const count = Math.ceil(MB / 12);
    const result = redact('eyJa.eyJb.c '.repeat(count));
    expect(result.text === '[REDACTED:jwt] '.repeat(count)).toBe(true);
    expect(result.findings).toEqual([{ kind: 'jwt', count }]);
  });

  it('repeated open quotes after a key: each value masked', () => {
    const result = redact(megabyteOf('password="'));
    expect(result.text.startsWith('password="[REDACTED:password]"password="[REDACTED:password]"')).toBe(true);
    expect(redact(result.text).text === result.text).toBe(true);
  });

  it('a 1 MB bearer token: masked', () => {
    const result = redact(`Authorization: Bearer ${'a'.repeat(MB)}`);
    expect(result.text === 'Authorization: Bearer [REDACTED:bearer-token]').toBe(true);
  });

  it('a secret at the end of a 1 MB line: still found', () => {
    const filler = megabyteOf('x ');
    const result = redact(`${filler} password=hunter2 bob@example.com 4111111111111111`);
    const expected = `${filler} password=[REDACTED:password] [REDACTED:email] [REDACTED:card-number]`;
    expect(result.text === expected).toBe(true);
  });
});
