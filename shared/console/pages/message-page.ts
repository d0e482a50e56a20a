import { html } from '../../report/html-template.ts';
import { LIST_PATH } from '../paths.ts';
import { layout } from './layout.ts';

/** A page that only says something: not found, forbidden, an error. */
export function renderMessagePage(title: string, message: string): string {
  return layout(
    title,
    html`<h1>${title}</h1>
<section class="panel" aria-label="${title}"><p>${message}</p><p><a href="${LIST_PATH}">Back to the incidents</a></p></section>`,
  );
}
