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

describe('a change of the service the origin names in its failing lines', () => {
  it('is the trigger when the origin changed nothing of its own', () => {
    const f = correlate(
      { events: incident('INFO scan-gateway 5.3.0 starting, publishing to stock-moves') },
      window,
    );
    expect(f.root?.service).toBe('stock-ledger');
    expect(f.trigger?.change).toMatchObject({ service: 'scan-gateway', version: '5.3.0' });
  });

  it('is not a trigger when what it logged is no change', () => {
    const f = correlate({ events: incident('INFO scan-gateway flushed 120 buffered scans') }, window);
    expect(f.root?.service).toBe('stock-ledger');
    expect(f.trigger?.change.service).not.toBe('scan-gateway');
  });
});
