import { describe, expect, it } from 'vitest';
import { collectEvents, collectShard, mergePartials } from '../../../../shared/analysis/collect/index.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';

const ALARM = Date.parse('2026-10-02T08:30:00Z');
const at = (minutesBefore: number) => ALARM - minutesBefore * 60_000;
const windows = computeWindows(ALARM);

function sweep(stream: string, minutes: number[]): LogEvent[] {
  return minutes.map((m) => ({
    logGroup: '/svc/billing',
    logStream: stream,
    timestamp: at(m),
    message: `INFO sweep batch ${Math.round(m * 10)} closed`,
  }));
}

describe('a pattern’s first line', () => {
  // Two streams of one pattern, both starting before the default incident window (15 minutes).
  const events = [...sweep('b', [38, 33, 12, 5]), ...sweep('a', [41, 36, 20, 9, 2])];

  it('is kept even when it is a routine line from before the default window', () => {
    const [pattern] = collectEvents(events, windows).patterns;
    expect(pattern?.firstRecord?.at).toBe(at(41));
    expect(pattern?.firstRecord?.message).toBe('sweep batch 410 closed');
    // Its samples still come from the incident window only.
    expect(pattern?.samples.map((r) => r.at)).toEqual([at(12), at(9), at(5)]);
    expect([...(pattern?.bucketSamples.keys() ?? [])].every((m) => m >= -15)).toBe(true);
  });

  it('is the same whichever shard held the earliest stream', () => {
    const whole = collectEvents(events, windows).patterns[0];
    const merged = mergePartials(
      [
        collectShard(sweep('b', [38, 33, 12, 5]), windows),
        collectShard(sweep('a', [41, 36, 20, 9, 2]), windows),
      ],
      windows,
    ).patterns[0];
    expect(merged?.firstRecord).toEqual(whole?.firstRecord);
    expect([...(merged?.bucketSamples ?? [])]).toEqual([...(whole?.bucketSamples ?? [])]);
  });
});
