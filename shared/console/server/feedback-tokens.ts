import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FeedbackTokens } from '../types.ts';

/**
 * The feedback form's anti-forgery token: HMAC-SHA256 of the incident id under a server secret,
 * base64url. It is the same for every visitor of an incident's page, never expires, and changes
 * only with the secret (the local console draws a new one at each start; the console in AWS binds
 * its tokens to the session instead: `auth/feedback-tokens.ts`). That is enough here: a cross-site form cannot read the console's pages, so it
 * cannot learn the token, and the token only allows recording a verdict on that one incident.
 */
export function hmacFeedbackTokens(secret: string | Buffer): FeedbackTokens {
  if (secret.length < 16) throw new Error('the console token secret must have at least 16 characters');
  const issue = (incidentId: string): string =>
    createHmac('sha256', secret).update(`incidentiq-feedback:${incidentId}`).digest('base64url');
  return {
    issue,
    verify(incidentId: string, token: string): boolean {
      const expected = Buffer.from(issue(incidentId));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
