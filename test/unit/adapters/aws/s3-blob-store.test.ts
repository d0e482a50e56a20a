import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../../../shared/adapters/aws/s3-blob-store.ts';

// s3rver ships no type declarations; this is the part of its API used here.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
}) => S3rverServer;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'incidentiq-reports';

let directory: string;
let server: S3rverServer;
let client: S3Client;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'incidentiq-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  client.destroy();
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('S3BlobStore against s3rver', () => {
  it('puts an object and gets its text back, with the content type', async () => {
    // Prepare
    const store = new S3BlobStore({ client, bucket: BUCKET, prefix: 'reports/' });
    const body = JSON.stringify({ title: 'Checkout latency — p99 ✓', lines: ['a', 'b'] });

    // Act
    await store.put('2026/04/08/inc-1/report.json', body, 'application/json');
    const text = await store.get('2026/04/08/inc-1/report.json');

    // Assess
    expect(text).toBe(body);
    const object = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/2026/04/08/inc-1/report.json' }),
    );
    expect(object.ContentType).toBe('application/json');
  });

  it('rejects with "blob not found" for a missing key', async () => {
    const store = new S3BlobStore({ client, bucket: BUCKET });

    await expect(store.get('no/such/key.json')).rejects.toThrow('blob not found: no/such/key.json');
  });

  it('locates an object by its s3:// URI, under the prefix', () => {
    const store = new S3BlobStore({ client, bucket: BUCKET, prefix: 'reports' });

    expect(store.locate('inc-1/report.html')).toBe(`s3://${BUCKET}/reports/inc-1/report.html`);
  });

  it('gives a console link only when a console region is set', () => {
    const withRegion = new S3BlobStore({ client, bucket: BUCKET, consoleRegion: 'eu-west-1' });
    const without = new S3BlobStore({ client, bucket: BUCKET });

    expect(withRegion.consoleUrl('inc-1/report.html')).toBe(
      `https://eu-west-1.console.aws.amazon.com/s3/object/${BUCKET}?region=eu-west-1&prefix=inc-1%2Freport.html`,
    );
    expect(without.consoleUrl('inc-1/report.html')).toBeUndefined();
  });
});
