import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../../../shared/ports/blob-store.ts';
import { intake } from '../../../shared/workflow/steps/intake.ts';

const ALARM = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url)),
    'utf8',
  ),
) as { detail: { state: { value: string } } };

function memoryBlobs(): BlobStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    put: async (key, body) => {
      objects.set(key, body);
    },
    get: async (key) => {
      const v = objects.get(key);
      if (v === undefined) throw new Error(`blob not found: ${key}`);
      return v;
    },
    locate: (key) => `mem://${key}`,
  };
}

describe('intake', () => {
  it('derives the same incident id for a re-delivered event and keeps the event as a blob', async () => {
    const blobs = memoryBlobs();
    const first = await intake(ALARM, blobs);
    const again = await intake(structuredClone(ALARM), blobs);
    expect(first.started && again.started).toBe(true);
    if (!first.started || !again.started) return;
    expect(first.state.incidentId).toMatch(/^INC-[0-9a-f]{8}$/);
    expect(again.state.incidentId).toBe(first.state.incidentId);
    expect(JSON.parse(await blobs.get(first.state.alarmKey))).toEqual(ALARM);
    expect(Object.keys(first.state).sort()).toEqual(['alarmKey', 'incidentId']);
  });

  it('starts nothing for an OK transition or a malformed event, and says why', async () => {
    const blobs = memoryBlobs();
    const ok = await intake(
      { ...ALARM, detail: { ...ALARM.detail, state: { ...ALARM.detail.state, value: 'OK' } } },
      blobs,
    );
    expect(ok).toEqual({ started: false, reason: expect.stringContaining('not ALARM') });
    const junk = await intake({ hello: 'world' }, blobs);
    expect(junk.started).toBe(false);
    expect(blobs.objects.size).toBe(0);
  });
});
