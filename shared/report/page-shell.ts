import { html, type SafeHtml } from './html-template.ts';

export interface PageShell {
  title: string;
  /** What the head holds beyond the charset, viewport and colour scheme (the style). */
  head: SafeHtml;
  /** The id of the main landmark the skip link jumps to, and the link's words. */
  skipTo: { id: string; label: string };
  body: SafeHtml;
}

/** The one HTML5 page shell of the report and the console: every value escaped by `html`. */
export function pageShell(page: PageShell): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${page.title}</title>
${page.head}
</head>
<body>
<a class="skip-link" href="#${page.skipTo.id}">${page.skipTo.label}</a>
${page.body}
</body>
</html>
`;
}
