import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_TOKEN_SECONDS,
  sessionFeedbackTokens,
} from '../../../shared/console/auth/feedback-tokens.ts';
import { session, testKeys } from './auth-fixtures.ts';
import { NOW } from './console-fakes.ts';

const at = (seconds: number) => () => new Date(NOW.getTime() + seconds * 1000);

describe("the feedback form's token in AWS", () => {
  const keys = testKeys();
  const mine = sessionFeedbackTokens(keys.feedback, session(), at(0));

  it('verifies for the incident, the session and the time it was issued for', () => {
    const token = mine.issue('INC-00000001');

    expect(mine.verify('INC-00000001', token)).toBe(true);
    expect(
      sessionFeedbackTokens(keys.feedback, session(), at(FEEDBACK_TOKEN_SECONDS - 1)).verify(
        'INC-00000001',
        token,
      ),
    ).toBe(true);
  });

  it('is refused for another incident, sign-in or user, after its time, under another key, or altered', () => {
    const token = mine.issue('INC-00000001');
    const [payload = '', signature = ''] = token.split('.');

    expect(mine.verify('INC-00000002', token)).toBe(false);
    expect(
      sessionFeedbackTokens(keys.feedback, session({ id: 'another-sign-in' }), at(0)).verify(
        'INC-00000001',
        token,
      ),
    ).toBe(false);
    expect(
      sessionFeedbackTokens(keys.feedback, session({ sub: 'another-user' }), at(0)).verify(
        'INC-00000001',
        token,
      ),
    ).toBe(false);
    expect(
      sessionFeedbackTokens(keys.feedback, session(), at(FEEDBACK_TOKEN_SECONDS)).verify(
        'INC-00000001',
        token,
      ),
    ).toBe(false);
    expect(sessionFeedbackTokens(keys.session, session(), at(0)).verify('INC-00000001', token)).toBe(false);
    expect(mine.verify('INC-00000001', `${payload}x.${signature}`)).toBe(false);
    expect(mine.verify('INC-00000001', '')).toBe(false);
  });
});
