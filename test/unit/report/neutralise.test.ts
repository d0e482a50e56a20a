import { describe, expect, it } from 'vitest';
import { neutralise, neutraliseLine } from '../../../shared/report/neutralise.ts';

describe('neutralise', () => {
  it.each([
    ['an ANSI colour', 'red \u001b[31mALERT\u001b[0m', 'red \\x1b[31mALERT\\x1b[0m'],
    [
      'an OSC 8 hyperlink',
      '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007',
      '\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07',
    ],
    ['a bidi override', 'invoice\u202etxt.exe', 'invoice\\u202etxt.exe'],
    ['bidi isolates', 'a\u2066b\u2069c', 'a\\u2066b\\u2069c'],
    ['a NUL byte', 'a\u0000b', 'a\\x00b'],
    ['a C1 control', 'a\u009bb', 'a\\x9bb'],
    ['a lone CR (overwrites the line in a terminal)', 'ok\rFAKE', 'ok\\x0dFAKE'],
    ['a zero-width space', 'pay\u200bment', 'pay\\u200bment'],
    ['a lone surrogate', 'x\ud800y', 'x\\ud800y'],
  ])('%s is shown, not acted on', (_name, input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it.each(['plain text', 'tabs\tand\nlines', 'emoji 🙂 and accents é', ''])('%j is unchanged', (text) => {
    expect(neutralise(text)).toBe(text);
  });

  it('keeps CRLF as a line break', () => {
    expect(neutralise('a\r\nb')).toBe('a\nb');
  });

  it('one-line places show line breaks too', () => {
    expect(neutraliseLine('/ecs/orders\nFAKE: all clear')).toBe('/ecs/orders\\nFAKE: all clear');
  });
});
