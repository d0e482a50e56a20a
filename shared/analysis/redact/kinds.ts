/** What a masked span held; each becomes `[REDACTED:<kind>]` in the text. */
export const REDACTION_KINDS = [
  'aws-access-key',
  'aws-secret-key',
  'bearer-token',
  'jwt',
  'password',
  'api-key',
  'token',
  'private-key',
  'webhook-url',
  'cookie',
  'signature',
  'card-number',
  'iban',
  'national-id',
  'phone',
  'email',
  'ip-address',
] as const;

export type RedactionKind = (typeof REDACTION_KINDS)[number];

export const MARKER_PREFIX = '[REDACTED:';

export function marker(kind: RedactionKind): string {
  return `${MARKER_PREFIX}${kind}]`;
}

export function startsWithMarker(text: string, at = 0): boolean {
  return text.startsWith(MARKER_PREFIX, at);
}

const ANY_MARKER = /\[REDACTED:[\w-]+\]/g;

/** The text with every marker replaced by a space: what the line said, less the masking's own words. */
export function withoutMarkers(text: string): string {
  return text.includes(MARKER_PREFIX) ? text.replace(ANY_MARKER, ' ') : text;
}
