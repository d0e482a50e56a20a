import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../../../shared/analysis/collect/index.ts';
import { findAnomalies } from '../../../../shared/analysis/correlate/anomalies.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { buildSuspects } from '../../../../shared/analysis/correlate/suspects.ts';
import { lineSignals } from '../../../../shared/analysis/signals/classify-line.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from './builders.ts';

const windows = computeWindows(ALARM);
const BLOCKED =
  'ERROR bulk of 40 docs failed: cluster_block_exception: index [catalog-v7] blocked by: [FORBIDDEN/12/index read-only / allow delete (api)]';

/** A catalog indexer and a review job writing to a search cluster whose data node fills up. */
function searchClusterFills(extraOwner: boolean) {
  return byTime([
    ...spread('/svc/catalog-indexer', 58, 0, 580, (i) => `INFO bulk of ${i % 50} docs indexed`),
    ...spread('/svc/review-job', 58, 0, 290, (i) => `INFO review ${i} aggregated`),
    ...spread('/svc/catalog-search', 58, 0, 290, (i) => `INFO [gc][${i}] overhead, spent [40ms] collecting`),
    ...spread('/svc/catalog-indexer', 6, 0, 60, () => BLOCKED),
    ...spread(
      '/svc/review-job',
      5.8,
      0,
      30,
      (i) =>
        `ERROR review ${i} not saved: cluster_block_exception [FORBIDDEN/12/index read-only / allow delete (api)] on reviews-v3`,
    ),
    // The cluster says so itself, at its next disk check, after the first rejections.
    ...spread(
      '/svc/catalog-search',
      5.5,
      0,
      6,
      () =>
        'WARN [o.e.c.r.a.DiskThresholdMonitor] flood stage disk watermark [95%] exceeded on [data-2], all indices on this node will be marked read-only',
    ),
    ...(extraOwner
      ? spread('/svc/media-store', 5.9, 0, 20, (i) => `ERROR upload ${i} failed: No space left on device`)
      : []),
  ]);
}

describe('a fault reported by those who are not its owner', () => {
  it("reads an index blocked at the flood-stage watermark as the search cluster's disk, not a permission", () => {
    const signals = lineSignals(BLOCKED);
    expect(signals.find((s) => s.faultClass === 'disk_full')).toMatchObject({ own: false });
  });

  it('ties the clients to the one suspect that states the fault as its own, even when it says so later', () => {
    const f = correlate({ events: searchClusterFills(false) }, windows);
    expect(f.root?.service).toBe('catalog-search');
    expect(f.classification.faultClass).toBe('disk_full');
  });

  it('leaves them unlinked when two suspects state that fault as their own', () => {
    const collected = collectEvents(searchClusterFills(true), windows);
    const suspects = buildSuspects(findAnomalies(collected, windows).anomalies, collected);
    expect([...(suspects.get('catalog-indexer')?.blames.keys() ?? [])]).toEqual([]);
    const single = collectEvents(searchClusterFills(false), windows);
    const linked = buildSuspects(findAnomalies(single, windows).anomalies, single);
    expect([...(linked.get('catalog-indexer')?.blames.keys() ?? [])]).toEqual(['catalog-search']);
  });

  it('leaves a service unlinked that states a fault of its own as plainly', () => {
    const events = byTime([
      ...searchClusterFills(false),
      ...spread(
        '/svc/catalog-indexer',
        5.7,
        0,
        30,
        (i) => `ERROR worker ${i}: java.lang.OutOfMemoryError: Java heap space`,
      ),
    ]);
    const collected = collectEvents(events, windows);
    const suspects = buildSuspects(findAnomalies(collected, windows).anomalies, collected);
    expect([...(suspects.get('catalog-indexer')?.blames.keys() ?? [])]).toEqual([]);
  });
});
