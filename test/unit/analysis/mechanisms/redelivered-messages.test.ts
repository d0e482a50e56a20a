import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../../../shared/analysis/collect/index.ts';
import { findBehaviourShifts } from '../../../../shared/analysis/correlate/behaviour.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/**
 * A thumbnail worker takes jobs from a queue; a portal waits for each thumbnail. From 12 minutes
 * before the alarm the worker's jobs outlast the queue's visibility timeout: its deletes fail with
 * stale receipt handles, the queue's own figures (printed in an ordinary line each minute) climb,
 * and the portal gives up waiting. A search indexer, unconnected, was released 8 minutes before the
 * alarm and logged two errors while warming up.
 */
function incident(): LogEvent[] {
  const depth = (minute: number) => (minute > 12 ? 0 : (13 - minute) * 40);
  return byTime([
    ...spread(
      '/ecs/thumb-worker',
      58,
      0,
      230,
      (i) => `INFO thumb_worker.job: rendered job j-${i} in 2.${i % 9}s`,
    ),
    ...Array.from({ length: 58 }, (_, k) =>
      line(
        '/ecs/thumb-worker',
        58 - k,
        `INFO thumb_worker.sqs: queue thumb-jobs: visible=${depth(58 - k)} in_flight=${depth(58 - k) > 0 ? 30 : 2} oldest_age_s=${depth(58 - k) * 3}`,
      ),
    ),
    ...spread(
      '/ecs/thumb-worker',
      12,
      0,
      50,
      (i) =>
        `WARNING thumb_worker.sqs: delete_message_batch: ${1 + (i % 4)} of 10 entries failed (ReceiptHandleIsInvalid)`,
    ),
    ...spread('/ecs/portal', 58, 0, 290, (i) => `INFO GET /albums/${i} 200 18ms`),
    ...spread('/ecs/portal', 8, 0, 60, (i) => `ERROR thumbnail t-${i} not ready after 60s, returning 504`),
    ...spread('/ecs/search-indexer', 58, 0, 120, (i) => `INFO indexed doc d-${i}`),
    line('/ecs/search-indexer', 8, 'INFO search-indexer starting version=4.2.1'),
    line(
      '/ecs/search-indexer',
      7.5,
      'ERROR warm-up of synonym cache failed: 503 from dict.vendor.example, retrying',
    ),
    line(
      '/ecs/search-indexer',
      7.4,
      'ERROR warm-up of synonym cache failed: 503 from dict.vendor.example, retrying',
    ),
    // What it names while it starts belongs to its own release, not to the incident.
    line(
      '/ecs/search-indexer',
      7.3,
      'ERROR upstream synonym-store not ready: connect ECONNREFUSED (startup)',
    ),
    ...spread('/ecs/synonym-store', 58, 0, 30, (i) => `INFO served synonyms batch ${i}`),
  ]);
}

describe('messages delivered again because their work outlasted the visibility timeout', () => {
  it("make the consumer the origin, of a queue backlog, read from its stale receipt handles and its queue's figures", () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('thumb-worker');
    expect(f.classification.faultClass).toBe('queue_backlog');
    const shifts = findBehaviourShifts(collectEvents(incident(), window), window);
    const rise = shifts.find((s) => s.service === 'thumb-worker' && s.kind === 'numeric-rise');
    expect(rise?.detail).toContain('oldest_age_s');
  });

  it('leave out a service whose errors followed its own release and name nothing of the incident', () => {
    const f = correlate({ events: incident() }, window);
    const affected = f.affected.map((a) => a.service);
    expect(affected).toContain('portal');
    expect(affected).not.toContain('search-indexer');
  });
});
