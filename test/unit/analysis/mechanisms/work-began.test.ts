import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/**
 * A catalogue's loader consumes price updates from Kafka and writes them where the product API
 * reads them. A supplier sends its whole catalogue at once: the loader starts on it (a line it has
 * never logged), stops committing its usual batches, and minutes later the broker throws it out of
 * its group. Meanwhile the product API answers "not found" for the products not written yet, a
 * warning it logs now and then anyway.
 */
function incident(options: { announcesWork?: boolean } = {}) {
  const { announcesWork = true } = options;
  return byTime([
    ...spread('/ecs/catalog-loader', 58, 10, 96, (i) => `INFO committed batch ${4000 + i} (250 records)`),
    ...spread('/ecs/product-api', 58, 0, 290, (i) => `INFO GET /products/${7000 + i} 200 in 9 ms`),
    ...spread('/ecs/product-api', 58, 10, 8, (i) => `WARN product ${9100 + i} not found`),
    ...(announcesWork
      ? [
          line(
            '/ecs/catalog-loader',
            9.5,
            'INFO importing full catalogue from supplier acme-tools (412000 rows)',
          ),
        ]
      : []),
    ...spread('/ecs/product-api', 9, 0, 70, (i) => `WARN product ${9300 + i} not found`),
    ...spread(
      '/ecs/catalog-loader',
      6.5,
      0,
      12,
      () =>
        'WARN [Consumer clientId=catalog-loader-1, groupId=catalog-loader] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms',
    ),
  ]);
}

describe('a service that failed in its own words after starting work never seen before', () => {
  it('began its fault with that work, before the services that suffered meanwhile', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('catalog-loader');
    expect(f.classification.faultClass).toBe('queue_backlog');
  });

  it('began it with its first failing line when it announced no new work', () => {
    const f = correlate({ events: incident({ announcesWork: false }) }, window);
    expect(f.root?.service).not.toBe('catalog-loader');
  });
});
