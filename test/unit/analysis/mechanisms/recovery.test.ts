import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../../../shared/analysis/analyze.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const work = (from: number, to: number, count: number) =>
  spread('/svc/report-builder', from, to, count, (i) => `INFO report ${i} rendered in ${200 + (i % 40)} ms`);

/** A checksum failure from 34 to 21 minutes before the alarm, wholly before the default incident window, then routine work again. */
function earlyBurst() {
  return byTime([
    ...spread('/svc/fare-calc', 59, 0, 590, (i) => `INFO fare ${i} computed for zone ${i % 6}`),
    ...spread(
      '/svc/fare-calc',
      34,
      21,
      300,
      (i) => `ERROR fare ${i} rejected: tariff table ${i % 2} failed checksum`,
    ),
    ...spread('/svc/ticket-web', 59, 0, 590, (i) => `INFO order ${i} placed`),
  ]);
}

describe('a failure that ended before the alarm', () => {
  it('is reported as recovered, not as the cause of a later alarm', () => {
    const events = byTime([
      ...work(58, 0, 400),
      // A burst of failures from 14 to 10 minutes before the alarm, then routine work again.
      ...spread(
        '/svc/report-builder',
        14,
        10,
        30,
        (i) => `ERROR report ${i} aborted: template cache corrupt`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(true);
    expect(f.limitations.join(' ')).toMatch(/Recovered before the alarm/);
    expect(f.trail.steps.some((s) => s.title === 'detect_recovery: ok')).toBe(true);
  });

  it("is recovered when a rollout's burst ended just before the alarm and the data read later shows it stayed over", () => {
    // A rollout's brief 502s end a minute and a half before the alarm; the folder, gathered later,
    // holds fifteen minutes of routine work after the alarm.
    const burst = (workUntil: number, rollout: boolean) =>
      byTime([
        ...work(58, workUntil, 500),
        ...(rollout ? [line('/svc/report-builder', 4, 'INFO deployment started: report-builder 4.1.0')] : []),
        ...spread(
          '/svc/report-builder',
          3,
          1.5,
          30,
          (i) => `ERROR report ${i} aborted: upstream answered 502`,
        ),
      ]);
    const later = correlate({ events: burst(-15, true) }, computeWindows(ALARM));
    expect(later.inconclusive).toBe(true);
    expect(later.limitations.join(' ')).toMatch(/Recovered before the alarm/);
    // Read at the alarm, with nothing after it, the same burst is the cause.
    const atAlarm = correlate({ events: burst(0, true) }, computeWindows(ALARM));
    expect(atAlarm.inconclusive).toBe(false);
    expect(atAlarm.root?.service).toBe('report-builder');
    // Without a rollout, a failure that stopped a minute before the alarm still explains it.
    const noRollout = correlate({ events: burst(-15, false) }, computeWindows(ALARM));
    expect(noRollout.inconclusive).toBe(false);
    expect(noRollout.root?.service).toBe('report-builder');
  });

  it('is recovered at the alarm when the platform said the rollout completed after its burst', () => {
    const ecsEvent = (minutes: number, eventName: string) =>
      line(
        '/aws/events/ecs',
        minutes,
        JSON.stringify({
          version: '0',
          id: `d-${eventName}`,
          'detail-type': 'ECS Deployment State Change',
          source: 'aws.ecs',
          account: '210987654321',
          time: new Date(ALARM - minutes * 60_000).toISOString(),
          region: 'eu-west-1',
          resources: ['arn:aws:ecs:eu-west-1:210987654321:service/reports/report-builder'],
          detail: { eventType: 'INFO', eventName, deploymentId: 'ecs-svc/99' },
        }),
      );
    const events = (completes: boolean) =>
      byTime([
        ...work(58, 0, 500),
        ecsEvent(6, 'SERVICE_DEPLOYMENT_IN_PROGRESS'),
        ...spread(
          '/svc/report-builder',
          4.5,
          4.2,
          6,
          (i) => `ERROR report ${i} aborted: upstream answered 502`,
        ),
        ...(completes ? [ecsEvent(3, 'SERVICE_DEPLOYMENT_COMPLETED')] : []),
      ]);
    const done = correlate({ events: events(true) }, computeWindows(ALARM));
    expect(done.inconclusive).toBe(true);
    expect(done.recovery?.rolloutCompleted).toBe(true);
    // The same burst with the rollout still going: it may be the fault.
    const going = correlate({ events: events(false) }, computeWindows(ALARM));
    expect(going.inconclusive).toBe(false);
  });

  it('is not recovered when the failing service fell silent', () => {
    const events = byTime([
      ...work(58, 12, 300),
      ...spread(
        '/svc/report-builder',
        14,
        10,
        30,
        (i) => `ERROR report ${i} aborted: template cache corrupt`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(false);
    expect(f.root?.service).toBe('report-builder');
  });

  it('is not recovered while the failures go on until the alarm', () => {
    const events = byTime([
      ...work(58, 0, 400),
      ...spread('/svc/report-builder', 14, 0, 50, (i) => `ERROR report ${i} aborted: template cache corrupt`),
    ]);
    expect(correlate({ events: events }, computeWindows(ALARM)).root?.service).toBe('report-builder');
  });

  it('is seen when the burst lies wholly before the default incident window: its lines are still there to weigh', () => {
    const f = correlate({ events: earlyBurst() }, computeWindows(ALARM));
    const burst = f.anomalies.anomalies.find((a) => a.pattern.template.includes('failed checksum'));
    expect(burst?.pattern.samples.length).toBeGreaterThan(0);
    expect(f.limitations.join(' ')).toMatch(/Recovered before the alarm/);
    expect(f.root).toBeNull();
    expect(f.recovery?.minutesBeforeAlarm).toBeGreaterThanOrEqual(20);
  });

  it('is what the report says in its title and summary, not that no new error was seen', () => {
    const alarm = JSON.parse(
      readFileSync(
        fileURLToPath(new URL('../../../fixtures/alarms/booking-edge-5xx.json', import.meta.url)),
        'utf8',
      ),
    ) as { time: string; detail: { state: { timestamp: string } } };
    alarm.time = new Date(ALARM).toISOString();
    alarm.detail.state.timestamp = alarm.time;
    const result = analyzeIncident({ alarmEvent: alarm, events: earlyBurst() });
    if (!result.ok) throw new Error(result.error);
    expect(result.report.inconclusive).toBe(true);
    expect(result.report.title).toMatch(
      /new errors ended \d+ min before alarm .* \(recovered, stale alarm\)/,
    );
    expect(result.report.executiveSummary).toContain('New errors in fare-calc ended at');
    expect(result.report.executiveSummary).not.toContain('no new or spiking error');
  });
});
