import { escapeHtml } from './escape.ts';

/** Markup that is already safe: only the `html` tag below makes it, so report text cannot become markup. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text (escaped), safe markup, lists of it, or nothing. */
export type HtmlValue = string | number | SafeHtml | readonly SafeHtml[] | null | undefined | false;

function interpolate(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((v: SafeHtml) => v.value).join('');
  return escapeHtml(String(value));
}

/** Tagged template: every interpolated string is escaped, so escaping cannot be forgotten. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += interpolate(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}
