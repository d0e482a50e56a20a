/** Splits a message into whitespace-separated tokens, ignoring leading/trailing/repeated whitespace. */
export function tokenize(message: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13);
    if (space) {
      if (start >= 0) {
        tokens.push(message.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) tokens.push(message.slice(start));
  return tokens;
}
