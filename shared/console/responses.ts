import { renderMessagePage } from './pages/message-page.ts';
import type { ConsoleResponse } from './types.ts';

/** No script may run and nothing may load from elsewhere: escaping is the first defence, this the second. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

export const page = (status: number, body: string, extra: Record<string, string> = {}): ConsoleResponse => ({
  status,
  headers: { ...PAGE_HEADERS, ...extra },
  body,
});

export const message = (status: number, title: string, text: string, extra: Record<string, string> = {}) =>
  page(status, renderMessagePage(title, text), extra);

/** A redirect (302, or 303 after a POST) to `location`, never cached. */
export const redirect = (
  location: string,
  extra: Record<string, string> = {},
  status = 302,
): ConsoleResponse => ({
  status,
  headers: { ...PAGE_HEADERS, location, ...extra },
  body: '',
});
