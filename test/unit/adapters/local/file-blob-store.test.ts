import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../../../../shared/adapters/local/file-blob-store.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-file-blob-store-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('FileBlobStore', () => {
  it('removes a folder of blobs and nothing beside it', async () => {
    const store = new FileBlobStore(join(root, 'removal'));
    await store.put('incidents/inc-1/events/slice-0-bucket-0-part-0.jsonl', '{}\n');
    await store.put('incidents/inc-1/events/slice-0-bucket-1-part-0.jsonl', '{}\n');
    await store.put('incidents/inc-1/evidence.json', '{}');
    await store.put('incidents/inc-1/events-summary.json', '{}');

    await store.removeFolder('incidents/inc-1/events/');

    expect(existsSync(store.locate('incidents/inc-1/events/slice-0-bucket-0-part-0.jsonl'))).toBe(false);
    expect(existsSync(join(root, 'removal/incidents/inc-1/events'))).toBe(false);
    expect(await store.get('incidents/inc-1/evidence.json')).toBe('{}');
    expect(await store.get('incidents/inc-1/events-summary.json')).toBe('{}');
    await expect(store.removeFolder('../outside/')).rejects.toThrow('invalid blob key');
    await store.removeFolder('incidents/none/events/');
  });

  it('puts a file under the root and gets its text back', async () => {
    const store = new FileBlobStore(join(root, 'blobs'));
    const body = '{"title":"Checkout latency — p99 ✓"}';

    await store.put('2026/04/08/inc-1/report.json', body, 'application/json');

    expect(await store.get('2026/04/08/inc-1/report.json')).toBe(body);
    expect(readFileSync(join(root, 'blobs/2026/04/08/inc-1/report.json'), 'utf8')).toBe(body);
    expect(store.locate('2026/04/08/inc-1/report.json')).toBe(
      join(root, 'blobs/2026/04/08/inc-1/report.json'),
    );
  });

  it('rejects with "blob not found" for a missing key', async () => {
    const store = new FileBlobStore(root);

    await expect(store.get('no/such/key.json')).rejects.toThrow('blob not found: no/such/key.json');
  });

  it.each([
    '../outside.json',
    'a/../../outside.json',
    'a\\..\\..\\outside.json',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    '',
    '.',
  ])('rejects the key %j, which could leave the root', async (key) => {
    const store = new FileBlobStore(join(root, 'jail'));

    await expect(store.put(key, 'x')).rejects.toThrow(/invalid blob key/);
    await expect(store.get(key)).rejects.toThrow(/invalid blob key/);
    expect(() => store.locate(key)).toThrow(/invalid blob key/);
    expect(existsSync(join(root, 'outside.json'))).toBe(false);
  });

  it('accepts names that merely contain two dots', async () => {
    const store = new FileBlobStore(root);

    await store.put('reports/v1..v2.md', 'diff');

    expect(await store.get('reports/v1..v2.md')).toBe('diff');
  });

  it('gets a blob of several MB of multi-byte text back exactly', async () => {
    const store = new FileBlobStore(join(root, 'big'));
    const text = Array.from(
      { length: 60_000 },
      (_, i) => `{"n":${i},"m":"délai 🚦 ${'é'.repeat(i % 9)}"}`,
    ).join('\n');

    await store.put('events/part.jsonl', text);

    expect(await store.get('events/part.jsonl')).toBe(text);
  });
});
