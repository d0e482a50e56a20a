import { describe, expect, it } from 'vitest';
import { isVariableToken, maskToken, maskTokens, tokenize } from '../../../shared/analysis/patterns/index.ts';

const maskLine = (line: string) => maskTokens(tokenize(line)).join(' ');

describe('maskToken', () => {
  it.each([
    ['1234', '<*>'],
    ['0x7fff5fbff8c8', '<*>'],
    ['10.0.4.99', '<*>'],
    ['10.0.4.99:5432', '<*>:<*>'],
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', '<*>'],
    ['rhost=218.188.2.4', 'rhost=<*>'],
    ['(uid=0)', '(uid=<*>)'],
    ['taskID[2019352994]', 'taskID[<*>]'],
    ['/v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail', '/<*>/<*>/servers/detail'],
    ['205ms', '<*>'],
    ['2026-05-24T11:20:06.224Z', '<*>:<*>:<*>'],
    ['"SKU-4629"', '"<*>"'],
    ['Jun', '<*>'],
    ['Fri,', '<*>'],
    ['()', '<*>'],
  ])('masks the variable parts of %s', (token, masked) => {
    expect(maskToken(token)).toBe(masked);
  });

  it.each(['ERROR', 'connection', 'user=root', 'payments-worker', '/var/log/messages', 'May-be'])(
    'keeps the constant token %s',
    (token) => {
      expect(maskToken(token)).toBe(token);
    },
  );
});

describe('maskTokens', () => {
  it('joins a unit to the number before it', () => {
    expect(maskLine('took 5 sec to spawn')).toBe('took <*> to spawn');
    expect(maskLine('1190 bytes (1.16 KB) sent')).toBe('<*>) sent');
    expect(maskLine('0 bytes sent')).toBe('<*> sent');
  });

  it('collapses a run of variable-only tokens, so a value spread over tokens gives one template', () => {
    expect(
      maskLine('connection from 24.54.76.216 (24-54-76-216.example.net) at Fri Jun 17 07:07:00 2005'),
    ).toBe(maskLine('connection from 218.38.58.3 () at Wed Jul 27 10:59:53 2005'));
    expect(maskLine('connection from 218.38.58.3 () at Wed Jul 27 10:59:53 2005')).toBe(
      'connection from <*> at <*>',
    );
  });

  it('keeps a variable next to a constant word apart', () => {
    expect(maskLine('user 42 logged in')).toBe('user <*> logged in');
    expect(maskLine('disk full on /dev/sda1')).toBe('disk full on /dev/<*>');
  });

  it('recognises variable-only tokens', () => {
    expect(isVariableToken('(<*>)')).toBe(true);
    expect(isVariableToken('<*>:<*>')).toBe(true);
    expect(isVariableToken('uid=<*>')).toBe(false);
    expect(isVariableToken('plain')).toBe(false);
  });
});
