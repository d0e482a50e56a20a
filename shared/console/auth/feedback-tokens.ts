import type { FeedbackTokens } from '../types.ts';
import { openValue, sealValue } from './signed.ts';
import type { Session, Signer } from './types.ts';

/** How long a feedback form stays good after its page was served. */
export const FEEDBACK_TOKEN_SECONDS = 60 * 60;

/**
 * The feedback form's anti-forgery token in AWS, under the feedback key: for one incident (`i`),
 * one sign-in (`j`, the session's id, and `s`, its user) and a limited time (`e`). A token copied
 * out of a page works for no other incident, no other user, no later sign-in and not forever.
 */
export function sessionFeedbackTokens(signer: Signer, session: Session, now: () => Date): FeedbackTokens {
  const seconds = () => Math.floor(now().getTime() / 1000);
  return {
    issue: (incidentId) =>
      sealValue(signer, 'feedback', {
        i: incidentId,
        j: session.id,
        s: session.sub,
        e: seconds() + FEEDBACK_TOKEN_SECONDS,
      }),
    verify(incidentId, token) {
      const value = openValue(signer, 'feedback', token);
      if (!value) return false;
      const { i, j, s, e } = value;
      return (
        i === incidentId && j === session.id && s === session.sub && typeof e === 'number' && e > seconds()
      );
    },
  };
}

/**
 * `ConsoleDeps.tokens` where every form is served to a session (the console in AWS: the gate
 * replaces it per request with `sessionFeedbackTokens`). Reaching it is a bug, so it fails closed.
 */
export const SESSION_ONLY_TOKENS: FeedbackTokens = {
  issue: () => {
    throw new Error('feedback tokens are issued to a session only');
  },
  verify: () => false,
};
