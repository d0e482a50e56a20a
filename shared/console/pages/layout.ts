import { html, type SafeHtml } from '../../report/html-template.ts';
import { pageShell } from '../../report/page-shell.ts';
import { PRODUCT_NAME } from '../../report/report-text.ts';
import { STYLESHEET_PATH } from '../paths.ts';

/**
 * A console page: banner with the navigation, one main landmark, a footer. No scripts: the
 * stylesheet is a separate same-origin file so the Content-Security-Policy can forbid inline code.
 */
export function layout(title: string, main: SafeHtml): string {
  return pageShell({
    title: `${title} · ${PRODUCT_NAME}`,
    head: html`<link rel="stylesheet" href="${STYLESHEET_PATH}">`,
    skipTo: { id: 'main', label: 'Skip to the content' },
    body: html`<header class="site-header">
<nav aria-label="Console"><a class="brand" href="/">${PRODUCT_NAME} console</a><a href="/">Incidents</a></nav>
</header>
<div class="page">
<main id="main" tabindex="-1">
${main}
</main>
</div>
<footer class="site-footer"><p>${PRODUCT_NAME}: root-cause reports of CloudWatch alarms.</p></footer>`,
  }).value;
}
