import { describe, expect, it } from 'vitest';
import { MAX_TELEMETRY_NOTES, TelemetryCollector } from '../../../shared/ports/telemetry-collector.ts';

describe('TelemetryCollector', () => {
  it('says each thing once, and at most MAX_TELEMETRY_NOTES things', () => {
    const collector = new TelemetryCollector(undefined);
    collector.note('X-Ray GetTraceSummaries failed.');
    collector.note('X-Ray GetTraceSummaries failed.');
    for (let i = 0; i < 30; i++)
      collector.reject('X-Ray', 'trace(s)', `BatchGetTraces failed (request ${i})`, 5);
    const { notes } = collector.finish();
    expect(notes).toHaveLength(MAX_TELEMETRY_NOTES);
    expect(notes[0]).toBe('X-Ray GetTraceSummaries failed.');
    expect(notes[1]).toBe('5 trace(s) of X-Ray not used: BatchGetTraces failed (request 0).');
    expect(notes.at(-1)).toBe(`${31 - MAX_TELEMETRY_NOTES + 1} more telemetry note(s) left out.`);
  });

  it('names the schema field a record fails on, never a key of the record itself', () => {
    const collector = new TelemetryCollector(undefined);
    collector.metric(
      { namespace: 'N', metricName: 'M', dimensions: { '<b>owned</b>': 7 }, timestamp: 1, value: 1 },
      'metrics.jsonl',
    );
    expect(collector.finish().notes).toEqual([
      '1 datapoint(s) of metrics.jsonl not used: invalid dimensions.',
    ]);
  });
});
