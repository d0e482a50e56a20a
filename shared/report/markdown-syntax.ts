/** GitHub-flavoured Markdown building blocks that keep report text literal, whatever it contains. */

const longestBacktickRun = (text: string): number =>
  Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));

/**
 * Report text as literal Markdown: punctuation that could start emphasis, links, raw HTML or entities
 * is backslash-escaped, as are block markers (`#`, `-`, `>`, `1.`) at the start of a line. (`|` is
 * escaped by `table`, the only place it is special.)
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&~]/g, '\\$&')
    .replace(/^([ \t]*)([#+\-=])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}

/** Report text as literal Markdown on one line (for headings, list items and table cells). */
export function inlineText(text: string): string {
  return escapeMarkdownText(text.trim().replace(/\s*\r?\n\s*/g, ' '));
}

/** Text as one or more lines of a paragraph (line breaks kept as hard breaks, blank lines dropped). */
export function paragraph(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(escapeMarkdownText)
    .join('\\\n');
}

/** An inline code span whose fence is longer than any backtick run inside, so the text stays code. */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = /^[` ]|[` ]$/.test(oneLine) ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}\n${text.replace(/\r?\n$/, '')}\n${fence}`;
}

/** A list item; continuation lines are indented so they stay inside the item. */
export function listItem(first: string, ...rest: string[]): string {
  return [`- ${first}`, ...rest.flatMap((block) => block.split('\n').map((line) => `  ${line}`))].join('\n');
}

/** A table cell: one line, every `|` escaped, even inside code spans (GFM splits cells on any bare `|`). */
function cell(markdown: string): string {
  return markdown.replace(/\r?\n/g, ' ').replaceAll('|', '\\|');
}

/** A GFM table; `numeric` columns are right-aligned. Cells are Markdown (escape text before). */
export function table(
  columns: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  numeric: readonly number[] = [],
): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const rule = columns.map((_, i) => (numeric.includes(i) ? '---:' : '---'));
  return [line(columns), line(rule), ...rows.map(line)].join('\n');
}
