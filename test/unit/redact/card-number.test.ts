import { describe, expect, it } from 'vitest';
import { redact } from '../../../shared/analysis/redact/index.ts';
import { luhnValid } from '../../../shared/analysis/redact/luhn.ts';

const text = (line: string) => redact(line).text;

describe('luhnValid', () => {
  it.each(['4242424242424242', '4111111111111111', '378282246310005', '6011111111111117', '0'])(
    'passes %s',
    (n) => {
      expect(luhnValid(n)).toBe(true);
    },
  );

  it.each(['4111111111111112', '1779621606224', '', '42x2'])('fails %j', (n) => {
    expect(luhnValid(n)).toBe(false);
  });
});

describe('card numbers', () => {
  it.each([
    ['pan=4111111111111111', 'pan=[REDACTED:card-number]'],
    ['card 4242 4242 4242 4242 declined', 'card [REDACTED:card-number] declined'],
    ['card 5555-5555-5555-4444, retry', 'card [REDACTED:card-number], retry'],
    ['amex 3782 822463 10005.', 'amex [REDACTED:card-number].'],
    ['diners 30569309025904', 'diners [REDACTED:card-number]'],
    ['mc2 2223003122003222', 'mc2 [REDACTED:card-number]'],
    ['"cc":"4539148803436467"', '"cc":"[REDACTED:card-number]"'],
    ['card 4111 1111 1111 1111 2024', 'card [REDACTED:card-number] 2024'],
  ])('masks %j', (line, expected) => {
    expect(text(line)).toBe(expected);
  });

  it.each([
    ['a 16-digit order id that fails Luhn', 'order 4111111111111112 shipped'],
    ['epoch millis', 'ts=1779621606224 done'],
    ['epoch millis that pass Luhn (no card network starts with 1)', 'at 1779621606225 done'],
    ['epoch micros and nanos', 't=1779621606224123 t=1779621606224123456'],
    ['a compact timestamp', 'batch 20260524112006123'],
    ['a Luhn-valid number under an id key', 'order_id=4111111111111111 "txnId": "4242424242424242"'],
    ['a Luhn-valid trace id', 'dd.trace_id=5241659385395935384'],
    ['too many digits', 'n=42424242424242424242'],
    ['digits glued to letters', 'ref ORD4111111111111111 and 4111111111111111x'],
    ['decimals', 'amount 4111111111111111.50 or 0.4111111111111111'],
    ['a UUID made of digits', '12345678-1234-1234-1234-123456789012'],
    ['a date and a time', '2026-05-24 11:20:06.224 4111 items'],
    ['spaced small numbers', '1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6'],
    ['a local phone number with no phone key', 'call 415 555 2671 now'],
  ])('keeps %s', (_name, line) => {
    expect(text(line)).toBe(line);
  });
});
