import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Telemetry } from '../../domain/telemetry.ts';
import {
  TELEMETRY_LIMITS,
  TelemetryCollector,
  type TelemetryLimits,
  type TelemetryRange,
} from '../../ports/telemetry-collector.ts';
import type { TelemetryRequest, TelemetrySource } from '../../ports/telemetry-source.ts';
import { readLines } from './line-reader.ts';

export const METRICS_FILE = 'metrics.jsonl';
export const TRACES_FILE = 'traces.jsonl';

/**
 * The metrics and traces of an incident folder (CONTRACT.md §1): `metrics.jsonl`, one GetMetricData
 * datapoint with its metric's identity per line, and `traces.jsonl`, one X-Ray segment document per
 * line. Both are optional (without them the analysis is the log-only one). Files are streamed line
 * by line; a malformed line, a NaN value or a segment past the cap is counted and said, never fatal.
 */
export class FolderTelemetrySource implements TelemetrySource {
  constructor(
    private readonly dir: string,
    private readonly limits: TelemetryLimits = TELEMETRY_LIMITS,
  ) {}

  async fetchTelemetry(request: Pick<TelemetryRequest, 'startTime' | 'endTime'>): Promise<Telemetry> {
    return readFolderTelemetry(this.dir, request, this.limits);
  }
}

/** Reads both files of `dir`, keeping the records within `range` (all of them without one). */
export function readFolderTelemetry(
  dir: string,
  range: TelemetryRange | undefined,
  limits: TelemetryLimits = TELEMETRY_LIMITS,
): Telemetry {
  const collector = new TelemetryCollector(range, limits);
  readJsonLines(join(dir, METRICS_FILE), collector, (value) => collector.metric(value, METRICS_FILE));
  readJsonLines(join(dir, TRACES_FILE), collector, (value) => {
    for (const document of segmentDocuments(value)) collector.segment(document, TRACES_FILE);
  });
  return collector.finish();
}

function readJsonLines(path: string, collector: TelemetryCollector, take: (value: unknown) => void): void {
  if (!existsSync(path)) return;
  const name = basename(path);
  if (!statSync(path).isFile()) {
    collector.note(`${name} is not a file: it was not read.`);
    return;
  }
  try {
    for (const line of readLines(path)) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        collector.reject(name, 'line(s)', 'not valid JSON');
        continue;
      }
      take(value);
    }
  } catch (error) {
    collector.note(`${name} could not be read to the end (${(error as Error).message}).`);
  }
}

/**
 * The segment documents a line of traces.jsonl holds: the document itself, or, leniently, what
 * BatchGetTraces returns around it (a `Document` text, or a trace with `Segments[].Document`).
 */
function segmentDocuments(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [value];
  const v = value as Record<string, unknown>;
  if (typeof v.Document === 'string') return [parseOrSelf(v.Document)];
  if (Array.isArray(v.Segments) && v.trace_id === undefined) {
    return v.Segments.map((s) =>
      typeof s === 'object' && s !== null && typeof (s as { Document?: unknown }).Document === 'string'
        ? parseOrSelf((s as { Document: string }).Document)
        : s,
    );
  }
  return [value];
}

function parseOrSelf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
