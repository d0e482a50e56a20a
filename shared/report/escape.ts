import { neutralise } from './neutralise.ts';

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe for HTML element content and quoted attribute values; control characters and
 * bidi overrides shown as visible escapes (neutralise.ts), in the report page and the console alike.
 */
export function escapeHtml(text: string): string {
  return neutralise(text).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}
