/** Where raw events, evidence and reports are kept between steps (S3 in AWS, files locally). */
export interface BlobStore {
  put(key: string, body: string, contentType?: string): Promise<void>;
  /** The object's text; rejects with a clear error when it does not exist. */
  get(key: string): Promise<string>;
  /** A link a person can open (a console or pre-signed URL, or a file path), if the store has one. */
  locate(key: string): string;
}
