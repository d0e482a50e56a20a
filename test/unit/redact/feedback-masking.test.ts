import { describe, expect, it } from 'vitest';
import { recordFeedback } from '../../../shared/analysis/similarity/feedback.ts';
import { MemoryIncidentStore } from '../console/console-fakes.ts';

/** Feedback is masked where it is accepted (the CLI and the console both record it through recordFeedback). */
describe('feedback masked at the door', () => {
  it('a resolution, a correction and a note lose their secrets before they are stored', async () => {
    const store = new MemoryIncidentStore();
    await store.put({
      incidentId: 'INC-00c0ffee',
      title: 't',
      occurredAt: '2026-05-01T00:00:00.000Z',
      alarmName: 'a',
      rootService: 'orders-api',
      faultClass: 'memory_exhaustion',
      affectedServices: [],
      signature: [],
      rootCause: 'heap',
      reportLocation: 'x',
    });
    const record = await recordFeedback(store, 'INC-00c0ffee', {
      verdict: 'corrected',
      correctedRootCause: 'bad key AKIAZXCVBNMASDFGHJKL in orders-api config',
      resolution:
        'rotated; new db password=N3wPassw0rd! and curl -H "Authorization: Bearer 0a1b2c3d4e5f6a7b8c9d"',
      note: 'ping oncall@example.com or +44 20 7946 0958',
    });
    const stored = JSON.stringify(await store.get('INC-00c0ffee'));
    for (const secret of [
      'AKIAZXCVBNMASDFGHJKL',
      'N3wPassw0rd!',
      '0a1b2c3d4e5f6a7b8c9d',
      'oncall@example.com',
      '7946 0958',
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(record.resolution).toBe(
      'rotated; new db password=[REDACTED:password] and curl -H "Authorization: Bearer [REDACTED:bearer-token]"',
    );
    expect(record.feedback?.note).toBe('ping [REDACTED:email] or [REDACTED:phone]');
  });
});
