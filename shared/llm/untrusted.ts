import { redact } from '../analysis/redact/index.ts';

export const UNTRUSTED_OPEN = '<untrusted_log_data>';
export const UNTRUSTED_CLOSE = '</untrusted_log_data>';

/** A `<` that opens something tag-like (`<x`, `</x`, `< /x`, `<!`, `<?`); `<*>` of templates is left alone. */
const TAG_START = /<(?=\s*\/?\s*[A-Za-z_!?])/g;

/**
 * Log text made safe to put in the prompt: secrets masked first, then every tag-like `<` written
 * as `&lt;`, so no log line can close the untrusted block or open a block of its own.
 */
export function untrustedText(text: string): string {
  return escapeTags(redact(text).text);
}

export function escapeTags(text: string): string {
  return text.replace(TAG_START, '&lt;');
}

/** Undoes `escapeTags`, to compare what the model quotes from the prompt with the report's text. */
export function unescapeTags(text: string): string {
  return text.replace(/&lt;/g, '<');
}

export function untrustedBlock(body: string): string {
  return `${UNTRUSTED_OPEN}\n${body}\n${UNTRUSTED_CLOSE}`;
}
