import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/**
 * A stock ledger reads the events a warehouse scanner service publishes; the scanner service
 * released a new version, and from then on the ledger rejects what it receives, naming the sender.
 */
function incident(release: string) {
  return byTime([
    ...spread('/ecs/scan-gateway', 58, 0, 290, (i) => `INFO published scan ${i} to topic stock-moves`),
    ...spread('/ecs/stock-ledger', 58, 7, 250, (i) => `INFO applied stock move ${i}`),
    line('/ecs/scan-gateway', 9, release),
    ...spread(
      '/ecs/stock-ledger',
      7,
      0,
      60,
      (i) => `ERROR rejected stock move ${i} from scan-gateway: field "qty" is not a number`,
    ),
  ]);
}

describe('a release of the service the failing lines name', () => {
  it('makes that service the origin its consumer reports, the release its trigger, when the consumer changed nothing', () => {
    const f = correlate(
      { events: incident('INFO scan-gateway 5.3.0 starting, publishing to stock-moves') },
      window,
    );
    expect(f.root?.service).toBe('scan-gateway');
    expect(f.trigger?.change).toMatchObject({ service: 'scan-gateway', version: '5.3.0' });
    expect(f.affected.map((a) => a.service)).toContain('stock-ledger');
  });

  it('leaves the consumer the origin when it released too, just before', () => {
    const events = byTime([
      ...incident('INFO scan-gateway 5.3.0 starting, publishing to stock-moves'),
      line('/ecs/stock-ledger', 8, 'INFO stock-ledger 2.1.0 starting'),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('stock-ledger');
  });

  it('is not a trigger when what it logged is no change', () => {
    const f = correlate({ events: incident('INFO scan-gateway flushed 120 buffered scans') }, window);
    expect(f.root?.service).toBe('stock-ledger');
    expect(f.trigger?.change.service).not.toBe('scan-gateway');
  });
});
