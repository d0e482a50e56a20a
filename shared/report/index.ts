export { renderChatPayload } from './chat.ts';
export * from './escape.ts';
export * from './format.ts';
export * from './html.ts';
export * from './markdown.ts';
export * from './notification.ts';
export * from './report-text.ts';
export * from './sections.ts';
