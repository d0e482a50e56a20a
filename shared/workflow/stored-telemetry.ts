import type { Telemetry } from '../domain/telemetry.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { StateWith } from './state.ts';

/** The telemetry as JSON; traces too big for one string are left out, and the report says so. */
export function serialized(
  telemetry: Telemetry,
  stringify: (value: unknown) => string = JSON.stringify,
): string {
  try {
    return stringify(telemetry);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return stringify({
      metrics: telemetry.metrics,
      traces: [],
      notes: [
        ...telemetry.notes,
        `The ${telemetry.traces.length} trace segment(s) were too large to keep (${reason}): the analysis went on without them.`,
      ],
    });
  }
}

/** The telemetry fetch-telemetry kept, if any. */
export async function storedTelemetry(
  state: StateWith<'telemetryKey'>,
  deps: { blobs: Pick<BlobStore, 'get'> },
): Promise<Telemetry | undefined> {
  if (!state.telemetryKey) return undefined;
  return JSON.parse(await deps.blobs.get(state.telemetryKey)) as Telemetry;
}
