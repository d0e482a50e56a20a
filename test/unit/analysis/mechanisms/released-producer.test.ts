import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** The feed's structured line for a batch it published to `topic`. */
const published = (i: number, topic: string, schema: number) =>
  JSON.stringify({
    level: 'info',
    message: 'published batch',
    topic,
    schemaVersion: schema,
    items: 10 + (i % 30),
  });

/**
 * A stock feed publishes stock levels to a topic that a reservations service and a search indexer
 * read. Release 5.1.0 of the feed writes the level in a new shape; both readers reject its records,
 * naming the topic (and partition) they read them from, never the feed.
 */
function incident(consumersTopic: string): LogEvent[] {
  return byTime([
    ...spread('/eks/stock-feed', 58, 8.6, 100, (i) => published(i, 'stock.levels.v3', 1)),
    line('/eks/stock-feed', 8.5, 'INFO stock-feed starting version=5.1.0'),
    ...spread('/eks/stock-feed', 8.3, 0, 16, (i) => published(i, 'stock.levels.v3', 2)),
    ...spread('/eks/reservations', 58, 0, 290, (i) => `INFO reserved sku-${i}`),
    ...spread(
      '/eks/reservations',
      8.2,
      0,
      60,
      (i) =>
        `ERROR record ${consumersTopic}-${i % 6}@${88000 + i} rejected: Cannot deserialize value of type \`java.math.BigDecimal\` from Object value`,
    ),
    ...spread('/eks/search-indexer', 58, 0, 200, (i) => `INFO indexed ${i} docs`),
    ...spread(
      '/eks/search-indexer',
      8.1,
      0,
      30,
      (i) => `ERROR failed to index record from ${consumersTopic} offset ${77000 + i}: invalid payload`,
    ),
  ]);
}

describe('a producer released just before the readers of its topic fail on its records', () => {
  it('is the origin, though its readers name only the topic', () => {
    const f = correlate({ events: incident('stock.levels.v3') }, window);
    expect(f.root?.service).toBe('stock-feed');
    expect(f.trigger?.change.version).toBe('5.1.0');
  });

  it('is not named when the readers fail on another topic', () => {
    const f = correlate({ events: incident('stock.prices.v1') }, window);
    expect(f.root?.service).not.toBe('stock-feed');
  });

  it('is not named through what every line prints: a Region, a masked address', () => {
    // The feed prints where it runs and its broker's (masked) address; its readers name the same.
    const place = 'eu-west-2 via [REDACTED:ip-address]';
    const events = incident(place).map((e) =>
      e.logGroup === '/eks/stock-feed' && e.message.startsWith('{')
        ? {
            ...e,
            message: JSON.stringify({
              level: 'info',
              message: 'published batch via [REDACTED:ip-address]',
              region: 'eu-west-2',
            }),
          }
        : e,
    );
    const f = correlate({ events }, window);
    expect(f.root?.service).not.toBe('stock-feed');
  });
});
