import { EVENT_LIMIT, QUOTE_LIMIT } from './limits.ts';

/** The text cut to `limit` characters (never inside a surrogate pair), the cut said in place. */
export function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)} …[cut: ${text.length - end} more characters]`;
}

/** A message as the analysis carries it. */
export const cutMessage = (text: string) => cutText(text, EVENT_LIMIT);

/** A line as a report quotes it. */
export const cutQuote = (text: string) => cutText(text, QUOTE_LIMIT);
