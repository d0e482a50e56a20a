/** UTF-8 sizes, for limits that are set in bytes (SNS, e-mail), computed without encoding. */

function codePointBytes(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  return cp < 0x10000 ? 3 : 4;
}

export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) bytes += codePointBytes(ch.codePointAt(0) ?? 0);
  return bytes;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes; never splits a character. */
export function cutToUtf8Bytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    bytes += codePointBytes(ch.codePointAt(0) ?? 0);
    if (bytes > maxBytes) break;
    end += ch.length;
  }
  return text.slice(0, end);
}
