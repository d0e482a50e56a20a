/*
 * Text for its sink. Log lines, alarm fields and model answers may hold control characters,
 * terminal escape sequences (colours, cursor moves, OSC 8 hyperlinks, title changes), bidi
 * overrides that reorder what a reader sees, and NUL bytes. In a terminal, Markdown or e-mail text
 * they act instead of showing; here each is written as a visible escape (`\x1b`, `\u202e`), so the
 * reader sees that it was there and nothing acts. HTML escapes markup as before and shows the same
 * escapes (html.ts applies this first).
 */

/**
 * C0 controls except tab and line feed, DEL, C1 controls, the bidi embeddings, overrides and
 * isolates (U+202A-202E, U+2066-2069), the invisible marks LRM/RLM/ALM, zero-width and BOM
 * characters, line/paragraph separators, and lone surrogates.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being neutralised
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_ANY = new RegExp(UNSAFE.source);
const CARRIAGE_RETURN = '\r';

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every unsafe character as a visible escape; line breaks kept (a lone CR shown, CRLF made LF). */
export function neutralise(text: string): string {
  const unified = text.includes(CARRIAGE_RETURN) ? text.replace(/\r\n/g, '\n') : text;
  return UNSAFE_ANY.test(unified) ? unified.replace(UNSAFE, visible) : unified;
}

/** For one-line places (a subject, a title, a terminal status line): line breaks shown as `\n` too. */
export function neutraliseLine(text: string): string {
  return neutralise(text).replace(/\n/g, '\\n');
}
