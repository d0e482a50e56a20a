import { describe, expect, it } from 'vitest';
import { lineSignals } from '../../../shared/analysis/signals/classify-line.ts';

const classes = (message: string) => lineSignals(message).map((s) => s.faultClass);
const strengthOf = (message: string, faultClass: string) =>
  lineSignals(message).find((s) => s.faultClass === faultClass)?.strength ?? 0;

describe('standard error phrases of runtimes and drivers', () => {
  it('reads strerror(ETIMEDOUT) as a dependency timeout as specific as ETIMEDOUT', () => {
    const line =
      'requests.exceptions.ConnectTimeout: Failed to connect to api.example.com: [Errno 110] Connection timed out';
    expect(strengthOf(line, 'dependency_timeout')).toBeGreaterThanOrEqual(0.9);
    expect(
      strengthOf('connect to 10.0.0.5 port 443 failed: Operation timed out', 'dependency_timeout'),
    ).toBeGreaterThanOrEqual(0.9);
    expect(strengthOf('Connection to backend timed out after 30000ms', 'dependency_timeout')).toBeLessThan(
      0.9,
    );
  });

  it('reads a DataStax NoHostAvailableException as a database no node of which is reachable', () => {
    const line =
      'com.datastax.driver.core.exceptions.NoHostAvailableException: All host(s) tried for query failed (tried: /10.0.0.9:9042 (com.datastax.driver.core.exceptions.TransportException: [/10.0.0.9:9042] Cannot connect))';
    expect(classes(line)).toContain('network_connectivity');
    const signal = lineSignals(line).find((s) => s.faultClass === 'network_connectivity');
    expect(signal?.own).toBe(false);
  });

  it("reads a DataStax BusyPoolException as the caller's own saturated pool", () => {
    const line =
      '[/10.0.0.9:9042] Pool is busy (no available connection and the queue has reached its max size 256)';
    const signal = lineSignals(line).find((s) => s.faultClass === 'connection_pool_exhaustion');
    expect(signal).toMatchObject({ own: true });
    expect(signal?.strength).toBeGreaterThanOrEqual(0.9);
  });

  it('does not read ordinary connection wording as either', () => {
    expect(classes('Connection to host established in 12 ms')).not.toContain('network_connectivity');
    expect(classes('Pool status: 3 busy, 7 idle')).not.toContain('connection_pool_exhaustion');
  });
});
