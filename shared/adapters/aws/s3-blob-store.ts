import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from '../../ports/blob-store.ts';

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Prepended to every key (a trailing `/` is added when missing). */
  prefix?: string;
  /** The region for console links; without it `consoleUrl` has none to give. */
  consoleRegion?: string;
}

/** Blobs as S3 objects. Server-side encryption is left to the bucket's default encryption. */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly consoleRegion: string | undefined;

  constructor(options: S3BlobStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
    this.consoleRegion = options.consoleRegion;
  }

  async put(key: string, body: string, contentType = 'text/plain; charset=utf-8'): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: body,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<string> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return (await response.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof Error && error.name === 'NoSuchKey')) {
        throw new Error(`blob not found: ${key}`, { cause: error });
      }
      throw error;
    }
  }

  /** The `s3://bucket/key` URI of the object. */
  locate(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  /** The object's page in the S3 console, when a console region was given. */
  consoleUrl(key: string): string | undefined {
    if (!this.consoleRegion) return undefined;
    const region = encodeURIComponent(this.consoleRegion);
    const bucket = encodeURIComponent(this.bucket);
    const prefix = encodeURIComponent(this.objectKey(key));
    return `https://${region}.console.aws.amazon.com/s3/object/${bucket}?region=${region}&prefix=${prefix}`;
  }

  private objectKey(key: string): string {
    return this.prefix + key;
  }
}
