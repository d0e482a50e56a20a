import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../../../shared/adapters/local/file-blob-store.ts';
import type { WorkflowDeps } from '../../../shared/workflow/deps.ts';
import { runWorkflowLocally, sweepWorkingCopies } from '../../../shared/workflow/local-runner.ts';

/** Nothing under --home keeps the run's copies of the events: deleted at the end, swept at the next start. */
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function store(): { blobs: FileBlobStore; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'iiq-blobs-'));
  roots.push(root);
  return { blobs: new FileBlobStore(root), root };
}

async function copiesOf(blobs: FileBlobStore, id: string): Promise<void> {
  await blobs.put(`incidents/${id}/events/part-0001.json`, '[{"message":"raw line"}]');
  await blobs.put(`incidents/${id}/slices/slice-00000.json`, '{}');
  await blobs.put(`incidents/${id}/shards/shard-000.json`, '{}');
  await blobs.put(`incidents/${id}/report.json`, '{}');
}

const PASS_ONLY = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

describe('the working copies of the events under --home', () => {
  it('are deleted when a local run ends, the report kept', async () => {
    const { blobs, root } = store();
    await copiesOf(blobs, 'INC-0000000a');
    const outcome = await runWorkflowLocally(
      { incidentId: 'INC-0000000a', alarmKey: '' } as never,
      { blobs } as unknown as WorkflowDeps,
      PASS_ONLY as never,
    );
    expect(outcome.ok).toBe(true);
    for (const folder of ['events', 'slices', 'shards']) {
      expect(existsSync(join(root, 'incidents/INC-0000000a', folder))).toBe(false);
    }
    expect(existsSync(join(root, 'incidents/INC-0000000a/run.pid'))).toBe(false);
    expect(existsSync(join(root, 'incidents/INC-0000000a/report.json'))).toBe(true);
  });

  it('left by a killed run are swept at the next start; a live run keeps its own', async () => {
    const { blobs, root } = store();
    await copiesOf(blobs, 'INC-0000000b'); // killed: its owner is gone
    await blobs.put('incidents/INC-0000000b/run.pid', '2147483646');
    await copiesOf(blobs, 'INC-0000000c'); // written before owners were recorded
    await copiesOf(blobs, 'INC-0000000d'); // running now, in another process
    await blobs.put('incidents/INC-0000000d/run.pid', String(process.ppid));
    const swept = await sweepWorkingCopies(blobs);
    expect(swept.sort()).toEqual(['INC-0000000b', 'INC-0000000c']);
    expect(existsSync(join(root, 'incidents/INC-0000000b/events'))).toBe(false);
    expect(existsSync(join(root, 'incidents/INC-0000000c/shards'))).toBe(false);
    expect(existsSync(join(root, 'incidents/INC-0000000d/events'))).toBe(true);
  });
});
