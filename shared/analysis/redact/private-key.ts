import type { Detector } from './detector.ts';
import { marker } from './kinds.ts';
import { PRIVATE_KEY_BEGIN, PRIVATE_KEY_END } from './patterns.ts';

/**
 * PEM private key blocks, BEGIN line to END line, whatever the line breaks are (real or `\n`
 * escapes inside a JSON string). A block cut off before its END line (a truncated log event) is
 * masked to the end of the text: everything after BEGIN may be key material.
 */
export const privateKeys: Detector = {
  mayMatch: (text) => text.includes('PRIVATE KEY'),
  apply: (text, tally) => {
    let out = '';
    let cursor = 0;
    PRIVATE_KEY_BEGIN.lastIndex = 0;
    for (let begin = PRIVATE_KEY_BEGIN.exec(text); begin !== null; begin = PRIVATE_KEY_BEGIN.exec(text)) {
      PRIVATE_KEY_END.lastIndex = begin.index + begin[0].length;
      const end = PRIVATE_KEY_END.exec(text);
      out += text.slice(cursor, begin.index) + marker('private-key');
      tally.add('private-key');
      if (end === null) return out;
      cursor = end.index + end[0].length;
      PRIVATE_KEY_BEGIN.lastIndex = cursor;
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  },
};
