import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { changeWords } from '../../../../shared/analysis/report-build/change-words.ts';
import { narrativeInput, tellingLine } from '../../../../shared/analysis/report-build/narrative.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);

describe('the change that set the fault off', () => {
  it('is looked for before the first failing work, not before a warning of no fault meaning that came earlier', () => {
    const events = byTime([
      ...spread('/svc/ticket-hold', 58, 0, 580, (i) => `INFO hold ${i} placed in ${20 + (i % 7)} ms`),
      // The on-sale opens: sold-out answers begin, a business outcome and no fault.
      ...spread('/svc/ticket-hold', 9, 0, 45, (i) => `WARN hold ${5000 + i} refused: seats already taken`),
      line('/svc/ticket-hold', 7, 'INFO Starting TicketHoldApplication v4.2.0 using Java 21.0.4 with PID 1'),
      ...spread(
        '/svc/ticket-hold',
        5,
        0,
        60,
        (i) =>
          `ERROR hold ${6000 + i} failed: Deadlock found when trying to get lock; try restarting transaction`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('ticket-hold');
    expect(f.classification.faultClass).toBe('database_lock');
    expect(f.trigger?.change.kind).toBe('deploy');
    expect(f.trigger?.change.version).toBe('4.2.0');
  });

  it('is looked for before a spiking failure stepped up, not before its first line at the rate it always had', () => {
    const events = byTime([
      ...spread(
        '/k8s/kube-system/coredns',
        58,
        0,
        580,
        (i) => `[INFO] 10.1.0.${i % 250}:53 - "A IN svc${i % 9}.mesh.local." NOERROR`,
      ),
      // A name times out now and then all hour, the last time just before the reload.
      ...[52, 44, 36, 28, 20, 12, 8].map((m) =>
        line(
          '/k8s/kube-system/coredns',
          m,
          `[ERROR] plugin/errors: 2 svc${m % 9}.mesh.local. A: read udp 10.1.0.9:${41000 + m}->10.0.0.2:53: i/o timeout`,
        ),
      ),
      line('/k8s/kube-system/coredns', 6, '[INFO] Reloading'),
      ...spread(
        '/k8s/kube-system/coredns',
        5.9,
        0,
        120,
        (i) =>
          `[ERROR] plugin/errors: 2 svc${i % 9}.mesh.local. A: read udp 10.1.0.9:${40000 + i}->10.0.0.2:53: i/o timeout`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('coredns');
    expect(f.trigger?.change).toMatchObject({ kind: 'config', service: 'coredns' });
    expect(f.trigger?.change.description).toBe('Reloading');
    // Named as what the line says it was: a reload, for the report and the narrative alike.
    expect(f.trigger && changeWords(f.trigger.change)).toBe('configuration reload of coredns');
    expect(narrativeInput(f).trigger?.reload).toBe(true);
    // The line the report quotes is one of the step, not one at the rate it always had.
    expect(tellingLine(f)?.at).toBeGreaterThan(ALARM - 6 * MIN);
  });
});
