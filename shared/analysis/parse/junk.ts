import { HEAD_LIMIT } from './limits.ts';

// C0 controls except tab, LF, CR and ESC (ANSI colours are ordinary log decoration), DEL, and U+FFFD.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f\ufffd]/g;

/**
 * Why a message is binary junk or an undecodable payload, or undefined when it is text. A few stray
 * replacement characters in a readable line (a mangled name) do not make it junk.
 */
export function describeJunk(message: string): string | undefined {
  const head = message.slice(0, HEAD_LIMIT);
  const matches = head.match(BINARY);
  if (!matches) return undefined;
  const count = matches.length;
  if (count >= 16 || count / head.length > 0.1) {
    return matches.every((c) => c === '\ufffd')
      ? 'undecodable bytes (invalid UTF-8 replaced by U+FFFD)'
      : 'binary content (control characters)';
  }
  return undefined;
}
