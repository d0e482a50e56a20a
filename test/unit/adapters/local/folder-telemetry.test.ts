import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FolderTelemetrySource,
  readFolderTelemetry,
} from '../../../../shared/adapters/local/folder-telemetry.ts';

const T = 1_775_659_200_000;
const RANGE = { startTime: T, endTime: T + 3_600_000 };

let root: string;
let counter = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-folder-telemetry-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function folder(files: { metrics?: string; traces?: string }): string {
  const dir = join(root, `incident-${counter++}`);
  mkdirSync(dir);
  if (files.metrics !== undefined) writeFileSync(join(dir, 'metrics.jsonl'), files.metrics);
  if (files.traces !== undefined) writeFileSync(join(dir, 'traces.jsonl'), files.traces);
  return dir;
}

const lines = (...values: unknown[]) =>
  values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');

const point = (minute: number, value: unknown, extra: Record<string, unknown> = {}) => ({
  namespace: 'AWS/ECS',
  metricName: 'MemoryUtilization',
  dimensions: { ClusterName: 'shop', ServiceName: 'basket' },
  stat: 'Average',
  period: 60,
  unit: 'Percent',
  timestamp: T + minute * 60_000,
  value,
  ...extra,
});

const segment = (id: string, second: number, extra: Record<string, unknown> = {}) => ({
  trace_id: '1-6790a1b2-0123456789abcdef01234567',
  id,
  name: 'basket',
  start_time: T / 1000 + second,
  end_time: T / 1000 + second + 0.25,
  ...extra,
});

describe('the folder telemetry (metrics.jsonl, traces.jsonl)', () => {
  it('reads every valid datapoint and segment, subsegments kept, identity defaults applied', async () => {
    const dir = folder({
      metrics: lines(point(1, 41.5), point(2, 97), { ...point(3, 3), stat: undefined, period: undefined }),
      traces: lines(
        segment('a1', 5, {
          fault: true,
          http: { response: { status: 502 } },
          subsegments: [
            { id: 's1', name: 'stock-db', start_time: T / 1000 + 5.1, end_time: T / 1000 + 5.2, error: true },
          ],
        }),
        segment('a2', 6, { parent_id: 'a1' }),
      ),
    });
    const telemetry = await new FolderTelemetrySource(dir).fetchTelemetry(RANGE);
    expect(telemetry.metrics.map((m) => [m.value, m.stat, m.period])).toEqual([
      [41.5, 'Average', 60],
      [97, 'Average', 60],
      [3, 'Average', 60],
    ]);
    expect(telemetry.traces.map((s) => s.id)).toEqual(['a1', 'a2']);
    expect(telemetry.traces[0]?.subsegments?.[0]).toMatchObject({ name: 'stock-db', error: true });
    expect(telemetry.notes).toEqual([]);
  });

  it('gives an empty telemetry without a word when the folder has neither file', () => {
    expect(readFolderTelemetry(folder({}), RANGE)).toEqual({ metrics: [], traces: [], notes: [] });
  });

  it('counts every line it cannot use by reason and goes on with the rest', () => {
    const dir = folder({
      metrics: lines(
        point(1, 10),
        'NaN',
        '{"namespace": "AWS/ECS", "value": NaN}',
        point(2, null),
        point(3, 'NaN'),
        { ...point(4, 5), value: undefined },
        { ...point(5, 5), metricName: '' },
        point(-30, 7),
        [1, 2],
        '',
        point(6, 12),
      ),
      traces: lines(
        segment('b1', 1),
        { ...segment('b2', 2), start_time: 'soon' },
        { id: 'no-trace', name: 'basket', start_time: T / 1000 },
        segment('b3', 7200),
        '{"trace_id":',
      ),
    });
    const telemetry = readFolderTelemetry(dir, RANGE);
    expect(telemetry.metrics.map((m) => m.value)).toEqual([10, 12]);
    expect(telemetry.traces.map((s) => s.id)).toEqual(['b1']);
    expect(telemetry.notes).toEqual([
      '2 line(s) of metrics.jsonl not used: not valid JSON.',
      '3 datapoint(s) of metrics.jsonl not used: no finite value (NaN, null or missing).',
      '1 datapoint(s) of metrics.jsonl not used: invalid metricName.',
      '1 datapoint(s) of metrics.jsonl not used: outside the analysis window.',
      '1 datapoint(s) of metrics.jsonl not used: not a JSON object.',
      '1 segment(s) of traces.jsonl not used: invalid start_time.',
      '1 segment(s) of traces.jsonl not used: invalid trace_id.',
      '1 segment(s) of traces.jsonl not used: outside the analysis window.',
      '1 line(s) of traces.jsonl not used: not valid JSON.',
    ]);
  });

  it('keeps datapoints out of time order and with gaps as they are, and reads ISO-8601 timestamps', () => {
    const dir = folder({
      metrics: lines(point(9, 3), point(2, 1), {
        ...point(0, 2),
        timestamp: new Date(T + 60_000 * 40).toISOString(),
      }),
    });
    expect(readFolderTelemetry(dir, RANGE).metrics.map((m) => [m.timestamp, m.value])).toEqual([
      [T + 9 * 60_000, 3],
      [T + 2 * 60_000, 1],
      [T + 40 * 60_000, 2],
    ]);
  });

  it('takes a BatchGetTraces trace (Segments[].Document) as its segment documents', () => {
    const dir = folder({
      traces: lines({
        Id: '1-6790a1b2-0123456789abcdef01234567',
        Segments: [
          { Id: 'c1', Document: JSON.stringify(segment('c1', 3)) },
          { Id: 'c2', Document: JSON.stringify(segment('c2', 4, { parent_id: 'gone' })) },
        ],
      }),
    });
    expect(readFolderTelemetry(dir, RANGE).traces.map((s) => [s.id, s.parent_id])).toEqual([
      ['c1', undefined],
      ['c2', 'gone'],
    ]);
  });

  it('stops keeping at the caps and says how many were left out', () => {
    const dir = folder({
      metrics: lines(point(1, 1), point(2, 2), point(3, 3), point(4, 4)),
      traces: lines(segment('d1', 1), segment('d2', 2), segment('d3', 3)),
    });
    const telemetry = readFolderTelemetry(dir, RANGE, { maxDatapoints: 3, maxSegments: 1 });
    expect(telemetry.metrics).toHaveLength(3);
    expect(telemetry.traces).toHaveLength(1);
    expect(telemetry.notes).toEqual([
      '1 datapoint(s) of metrics.jsonl not used: over the cap of 3 datapoints.',
      '2 segment(s) of traces.jsonl not used: over the cap of 1 segments.',
    ]);
  });

  it('reads 100,000 spans, most without a parent in the file, and notes the ones past the default cap', () => {
    const count = 100_004;
    const text = Array.from({ length: count }, (_, i) =>
      JSON.stringify({
        trace_id: `1-6790a1b2-${String(i % 5000).padStart(24, '0')}`,
        id: `seg${i}`,
        parent_id: `missing${i}`,
        name: 'basket',
        start_time: T / 1000 + (i % 3000),
        end_time: T / 1000 + (i % 3000) + 0.1,
      }),
    ).join('\n');
    const telemetry = readFolderTelemetry(folder({ traces: text }), RANGE);
    expect(telemetry.traces).toHaveLength(100_000);
    expect(telemetry.notes).toEqual([
      '4 segment(s) of traces.jsonl not used: over the cap of 100000 segments.',
    ]);
  });
});
