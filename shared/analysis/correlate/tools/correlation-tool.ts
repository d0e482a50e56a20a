import type { Reading } from '../reading.ts';
import type { Tool } from '../trail.ts';

/** After a tool: go on with the next one, or end the analysis inconclusive. */
export type Verdict = 'continue' | 'inconclusive';

/** A tool of the correlation pipeline: it reads the reading and keeps what it found in it. */
export interface CorrelationTool<T> extends Tool<Reading, T> {
  /** Whether the incident gives it anything to read; a tool that does not apply is not called. */
  applies?(reading: Reading): boolean;
  /**
   * Takes the result into the reading (null when the tool did not apply or failed) and says whether
   * the analysis goes on.
   */
  keep(reading: Reading, result: T | null): Verdict;
}

/** A tool but for its run: what the trail records of it and how its result is kept (no heavy code). */
export type ToolRecord<T> = Omit<CorrelationTool<T>, 'run'>;
