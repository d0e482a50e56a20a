/**
 * How the fetch of a window is cut into slices, each read by one fetch-slice run of the
 * Distributed Map: a slice is some log groups (one, unless there are more groups than slices) and
 * a contiguous range of the window.
 *
 * The rule: each batch of groups gets `ceil((end - start) / sliceMs)` equal time slices (at least one, and
 * never more than the window has milliseconds), fewer when the batches times that number would pass
 * `maxSlices`; groups are batched `groupsPerSlice` at a time, more per batch when they outnumber
 * `maxSlices`. So a window shorter than `sliceMs` is one slice per group, and the Map never has
 * more than `maxSlices` items, whatever the window and the groups. The slices of a batch are
 * contiguous (`endTime + 1` is the next `startTime`), cover the window exactly and are listed in
 * time order, batch after batch: a log stream belongs to one group, so reading the slices in order
 * reads each stream in time order.
 */
export interface FetchSlice {
  logGroups: string[];
  /** Epoch ms, inclusive. */
  startTime: number;
  /** Epoch ms, inclusive. */
  endTime: number;
  /** The slice opens (closes) the window: see FetchRequest (the folder store reads beyond it). */
  openStart?: true;
  openEnd?: true;
}

export interface SlicingOptions {
  /** The longest time slice: a busy group's events in it must be readable by one function in time. */
  sliceMs: number;
  /** Log groups per slice (1 in AWS: a slice is one group's range). */
  groupsPerSlice: number;
  /** The most slices of a window (the Map's items, each a child execution and a Lambda run). */
  maxSlices: number;
}

/**
 * 15 minutes a slice: at the CloudWatch fetcher's cap of one million events per read, a slice holds
 * a group logging about 1,100 events a second without being cut. The default window (70 minutes)
 * is 5 slices per group; at most 64 slices (their list stays a few KB of the state).
 */
export const DEFAULT_SLICING: SlicingOptions = {
  sliceMs: 15 * 60_000,
  groupsPerSlice: 1,
  maxSlices: 64,
};

/** One slice for the whole window and every group: what the local folder store reads best (one pass). */
export const SINGLE_SLICE: SlicingOptions = {
  sliceMs: Number.POSITIVE_INFINITY,
  groupsPerSlice: Number.POSITIVE_INFINITY,
  maxSlices: 1,
};

/** The slices of `[startTime, endTime]` (inclusive) over `logGroups`, by the rule above. */
export function planFetchSlices(
  logGroups: readonly string[],
  window: { startTime: number; endTime: number },
  options: SlicingOptions = DEFAULT_SLICING,
): FetchSlice[] {
  const groups = [...new Set(logGroups)];
  if (groups.length === 0 || window.endTime < window.startTime) return [];
  const maxSlices = Math.max(1, Math.floor(options.maxSlices));
  const perBatch = Math.max(1, options.groupsPerSlice, Math.ceil(groups.length / maxSlices));
  const batches: string[][] = [];
  for (let i = 0; i < groups.length; i += perBatch) batches.push(groups.slice(i, i + perBatch));
  const windowMs = window.endTime - window.startTime + 1;
  // The window's span (end - start): a 70-minute window of inclusive ends is 7 slices of 10 minutes, not 8.
  const wanted = Math.ceil((window.endTime - window.startTime) / Math.max(1, options.sliceMs));
  const slicesPerBatch = Math.max(1, Math.min(wanted, Math.floor(maxSlices / batches.length), windowMs));
  const slices: FetchSlice[] = [];
  for (const batch of batches) {
    for (let k = 0; k < slicesPerBatch; k++) {
      const startTime = window.startTime + Math.floor((k * windowMs) / slicesPerBatch);
      const next = window.startTime + Math.floor(((k + 1) * windowMs) / slicesPerBatch);
      slices.push({
        logGroups: batch,
        startTime,
        endTime: next - 1,
        ...(k === 0 ? { openStart: true as const } : {}),
        ...(k === slicesPerBatch - 1 ? { openEnd: true as const } : {}),
      });
    }
  }
  return slices;
}
