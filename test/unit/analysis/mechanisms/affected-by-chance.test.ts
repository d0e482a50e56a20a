import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from './builders.ts';

/** A tile renderer failing from 8 minutes before the alarm, beside a billing service going about its hour. */
function incident(bystanderLines: number) {
  return byTime([
    ...spread('/svc/tile-render', 58, 0, 580, (i) => `INFO tile ${i} rendered`),
    ...spread('/svc/tile-render', 8, 0, 90, (i) => `ERROR tile ${i} failed: No space left on device`),
    ...spread('/svc/billing', 58, 0, 580, (i) => `INFO invoice ${i} settled`),
    // New in the incident window, below error level, naming no one: an issuer's ordinary decline.
    ...spread('/svc/billing', 12, 1, bystanderLines, (i) => `INFO card ${i} refused by issuer (code 05)`),
  ]);
}

describe('a service whose few new lines luck alone explains', () => {
  it('is not listed as affected', () => {
    const f = correlate({ events: incident(2) }, computeWindows(ALARM));
    expect(f.root?.service).toBe('tile-render');
    expect(f.affected.map((a) => a.service)).toEqual(['tile-render']);
  });

  it('is affected when there are too many of them for luck', () => {
    const f = correlate({ events: incident(12) }, computeWindows(ALARM));
    expect(f.affected.map((a) => a.service)).toEqual(['tile-render', 'billing']);
  });
});

/**
 * The same fault, reported by the map front end that calls the renderer, beside an image resizer
 * whose two timeouts fall in the window, the first `firstTimeout` minutes before the alarm.
 */
function withResizer(firstTimeout: number) {
  return byTime([
    ...spread('/svc/tile-render', 58, 0, 580, (i) => `INFO tile ${i} rendered`),
    ...spread('/svc/tile-render', 8, 0, 90, (i) => `ERROR tile ${i} failed: No space left on device`),
    ...spread('/svc/map-web', 58, 0, 290, (i) => `INFO GET /map/${i} 200`),
    ...spread(
      '/svc/map-web',
      7.8,
      0,
      60,
      (i) => `ERROR GET /map/${900 + i} failed: tile-render returned 507`,
    ),
    ...spread('/svc/resizer', 58, 0, 116, (i) => `INFO image ${i} resized to 4 variants`),
    ...spread('/svc/resizer', firstTimeout, 3, 2, () => 'ERROR Task timed out after 30.03 seconds'),
  ]);
}

describe('a service whose few new errors began before the fault did', () => {
  it('is not listed as affected: an effect does not come before its cause', () => {
    const f = correlate({ events: withResizer(14) }, computeWindows(ALARM));
    expect(f.root?.service).toBe('tile-render');
    expect(f.affected.map((a) => a.service)).not.toContain('resizer');
  });

  it('is listed when its errors came with the fault', () => {
    const f = correlate({ events: withResizer(7) }, computeWindows(ALARM));
    expect(f.root?.service).toBe('tile-render');
    expect(f.affected.map((a) => a.service)).toContain('resizer');
  });
});
