import { html, type SafeHtml } from '../../report/html-template.ts';
import { PRODUCT_NAME } from '../../report/report-text.ts';
import { STYLESHEET_PATH } from '../paths.ts';

/**
 * A console page: banner with the navigation, one main landmark, a footer. No scripts: the
 * stylesheet is a separate same-origin file so the Content-Security-Policy can forbid inline code.
 */
export function layout(title: string, main: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title} · ${PRODUCT_NAME}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
<header class="site-header">
<nav aria-label="Console"><a class="brand" href="/">${PRODUCT_NAME} console</a><a href="/">Incidents</a></nav>
</header>
<div class="page">
<main id="main" tabindex="-1">
${main}
</main>
</div>
<footer class="site-footer"><p>${PRODUCT_NAME}: root-cause reports of CloudWatch alarms.</p></footer>
</body>
</html>
`.value;
}
