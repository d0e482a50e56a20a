import { S3Client } from '@aws-sdk/client-s3';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.ts';
import type { AwsContext, PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The report bucket on S3. */
export const s3Blobs: PortFactory<'blobs'> = (context) => ({ blobs: s3BlobStore(context) });

export function s3BlobStore({ config, hook }: Pick<AwsContext, 'config' | 'hook'>): S3BlobStore {
  return new S3BlobStore({ client: hook(new S3Client(SDK_RETRY)), bucket: config.reportBucket });
}
