import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../../../shared/adapters/aws/s3-blob-store.ts';
import { type LocalS3, startLocalS3 } from '../../../integration/local-aws.ts';

const BUCKET = 'incidentiq-reports';

let s3: LocalS3;
let client: S3Client;

beforeAll(async () => {
  s3 = await startLocalS3(BUCKET);
  client = s3.client;
});

afterAll(async () => {
  await s3.close();
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
