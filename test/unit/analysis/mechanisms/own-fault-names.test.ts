import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** A tile server reading from a store, and the map front end calling the tile server. */
function routine() {
  return [
    ...spread('/svc/tile-store', 58, 0, 290, (i) => `INFO GET /blob/${i} 200 3ms`),
    ...spread('/svc/tile-api', 58, 0, 290, (i) => `INFO tile ${i} served`),
    ...spread('/svc/map-web', 58, 0, 290, (i) => `INFO page ${i} rendered`),
  ];
}

describe('a suspect that states a fault of its own and names a healthy service', () => {
  it('is the origin: what it reports of the service it names is its own fault', () => {
    const events = byTime([
      ...routine(),
      // The front end's clock runs ahead: its errors, naming no one, seem to come half a minute first.
      ...spread('/svc/map-web', 6.5, 0, 60, (i) => `ERROR page ${i} failed: upstream answered 500`),
      ...spread(
        '/svc/tile-api',
        6,
        0,
        60,
        (i) => `ERROR tile ${i}: dial tcp tile-store:9000: socket: too many open files`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('tile-api');
    expect(f.classification.faultClass).toBe('other');
    expect(f.affected.map((a) => a.service)).not.toContain('tile-store');
  });

  it('still loses by its names when it states no fault of its own', () => {
    const events = byTime([
      ...routine(),
      ...spread('/svc/map-web', 6.5, 0, 60, (i) => `ERROR page ${i} failed: upstream answered 500`),
      ...spread('/svc/tile-api', 6, 0, 60, (i) => `ERROR tile ${i}: request to tile-store failed`),
    ]);
    expect(correlate({ events }, window).root?.service).not.toBe('tile-api');
  });
});
