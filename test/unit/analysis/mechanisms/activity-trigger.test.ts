import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** An invoicing API that runs out of database connections from 8 minutes before the alarm. */
function poolRunsDry() {
  return [
    ...spread('/svc/invoice-api', 58, 0, 580, (i) => `INFO invoice ${i} served in ${20 + (i % 9)} ms`),
    ...spread(
      '/svc/invoice-api',
      8,
      0,
      80,
      (i) => `ERROR invoice ${i} failed: timed out waiting for a connection from the pool (pool size 20)`,
    ),
    ...spread('/svc/mailer', 58, 0, 290, (i) => `INFO receipt ${i} queued`),
  ];
}

describe('an activity that began just before the fault', () => {
  it('is the trigger when a job that never ran before starts logging minutes before the onset', () => {
    const events = byTime([
      ...poolRunsDry(),
      line('/svc/ledger-export', 12, 'INFO quarter-close export run opened for 41120 accounts'),
      ...spread('/svc/ledger-export', 11.5, 0, 60, (i) => `INFO export page ${i} written`),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('invoice-api');
    expect(f.classification.faultClass).toBe('connection_pool_exhaustion');
    expect(f.trigger?.change.kind).toBe('activity');
    expect(f.trigger?.change.service).toBe('ledger-export');
    expect(f.trigger?.change.description).toMatch(/quarter-close export run opened/);
    expect(f.trigger?.confidence).toBeLessThanOrEqual(0.5);
  });

  it("is not the audit trail's record of a call that changed another service", () => {
    const events = byTime([
      ...poolRunsDry(),
      line(
        '/aws/cloudtrail/management',
        11,
        JSON.stringify({
          eventVersion: '1.09',
          eventSource: 'lambda.amazonaws.com',
          eventName: 'UpdateFunctionCode20150331v2',
          eventTime: new Date(ALARM - 11 * 60_000).toISOString(),
          requestParameters: { functionName: 'brochure-builder', s3Key: 'builds/brochure-builder.zip' },
        }),
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('invoice-api');
    expect(f.trigger).toBeNull();
  });

  it('is the trigger when the origin itself logs a line never seen in its history just before', () => {
    const events = byTime([
      ...poolRunsDry(),
      line('/svc/invoice-api', 10, 'INFO dunning sweep: loading 88210 overdue invoices'),
    ]);
    const f = correlate({ events }, window);
    expect(f.trigger?.change.kind).toBe('activity');
    expect(f.trigger?.change.description).toMatch(/dunning sweep/);
  });

  it('is not looked for among lines the history could not have shown (logs opening just before)', () => {
    const events = byTime([
      ...spread('/svc/invoice-api', 11, 0, 110, (i) => `INFO invoice ${i} served in 21 ms`),
      line('/svc/invoice-api', 10, 'INFO dunning sweep: loading 88210 overdue invoices'),
      ...spread(
        '/svc/invoice-api',
        8,
        0,
        80,
        (i) => `ERROR invoice ${i} failed: timed out waiting for a connection from the pool (pool size 20)`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('invoice-api');
    expect(f.trigger).toBeNull();
  });

  it('gives way to an announced deploy', () => {
    const events = byTime([
      ...poolRunsDry(),
      line('/svc/invoice-api', 10, 'INFO dunning sweep: loading 88210 overdue invoices'),
      line('/svc/invoice-api', 9, 'INFO deployment completed: invoice-api version 4.2.0'),
    ]);
    const f = correlate({ events }, window);
    expect(f.trigger?.change.kind).toBe('deploy');
  });

  it('is not a routine line that already ran in the history', () => {
    const events = byTime([
      ...poolRunsDry(),
      line('/svc/invoice-api', 40, 'INFO dunning sweep: loading 1210 overdue invoices'),
      line('/svc/invoice-api', 10, 'INFO dunning sweep: loading 88210 overdue invoices'),
    ]);
    const f = correlate({ events }, window);
    expect(f.trigger).toBeNull();
  });
});

describe('a process starting again after it was killed', () => {
  it('is the service coming back, not a release that triggered the kill', () => {
    const events = byTime([
      ...spread('/svc/rank-api', 58, 0, 580, (i) => `INFO rank ${i} answered`),
      ...spread(
        '/svc/rank-api',
        7,
        1,
        4,
        () => 'ERROR rank cache build aborted: OutOfMemoryError: Java heap space',
      ),
      // Each kill is followed two seconds later by the process starting again (inside any clock skew).
      ...spread('/svc/rank-api', 7 - 2 / 60, 1 - 2 / 60, 4, () => 'INFO starting rank-api version 3.1.0'),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('rank-api');
    expect(f.classification.faultClass).toBe('memory_exhaustion');
    expect(f.trigger?.change.kind).not.toBe('deploy');
  });
});

describe('a start that is not a release', () => {
  /** Routine dispatching with a slow climb of warnings from 8 minutes before the alarm, and timeouts in the last 6. */
  const busy = () => [
    ...spread('/svc/dispatch-api', 58, 0, 580, (i) => `INFO route ${i} planned`),
    ...spread('/svc/dispatch-api', 6, 0, 60, (i) => `ERROR route ${i} failed: read timed out after 2000 ms`),
  ];

  it('is an earlier version starting again on another replica', () => {
    const events = byTime([
      ...busy(),
      line('/svc/dispatch-api', 40, 'INFO starting dispatch-api version 4.18.2'),
      line('/svc/dispatch-api', 7, 'INFO starting dispatch-api version 4.18.2'),
    ]);
    expect(correlate({ events }, window).trigger?.change.kind).not.toBe('deploy');
  });

  it('is new capacity an autoscaler asked for', () => {
    const hpa = (minutesBefore: number) =>
      line(
        '/svc/dispatch-api',
        minutesBefore,
        `{"kind":"Event","type":"Normal","reason":"SuccessfulRescale","involvedObject":{"kind":"HorizontalPodAutoscaler","name":"dispatch-api"},"message":"New size: 6; reason: cpu resource utilization (percentage of request) above target"}`,
      );
    const scaledOut = correlate(
      {
        events: byTime([
          ...busy(),
          hpa(7.5),
          line('/svc/dispatch-api', 7, 'INFO starting dispatch-api version 4.18.2'),
        ]),
      },
      window,
    );
    expect(scaledOut.trigger?.change.kind).not.toBe('deploy');
    // The same start with no autoscaler before it is the release.
    const released = correlate(
      {
        events: byTime([
          ...busy(),
          line('/svc/dispatch-api', 7, 'INFO starting dispatch-api version 4.18.2'),
        ]),
      },
      window,
    );
    expect(released.trigger?.change.kind).toBe('deploy');
  });
});

describe('a release followed only by warnings of no meaning', () => {
  it('does not make them a bad deployment', () => {
    const events = byTime([
      ...spread('/svc/tiles', 58, 0, 580, (i) => `INFO tile ${i} served`),
      line('/svc/tiles', 9, 'INFO deployment completed: tiles version 2.3.0'),
      ...spread('/svc/tiles', 8, 0, 6, (i) => `WARN tile ${i} rendered with fallback palette`),
    ]);
    const f = correlate({ events }, window);
    expect(f.classification.faultClass).not.toBe('bad_deployment');
  });
});
