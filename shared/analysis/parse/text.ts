// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/** Lines of a message: CRLF and LF both end a line, trailing line breaks are dropped. */
export function splitLines(message: string): string[] {
  if (!message.includes('\n')) return [message.endsWith('\r') ? message.slice(0, -1) : message];
  const lines = message.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line?.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function firstLineOf(message: string): string {
  const end = message.indexOf('\n');
  const line = end === -1 ? message : message.slice(0, end);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(obj: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

export function withoutUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out;
}
