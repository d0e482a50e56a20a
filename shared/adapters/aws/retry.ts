export interface RetryOptions {
  sleep: (ms: number) => Promise<void>;
  /** Retries after the first attempt: at most `maxRetries + 1` calls. */
  maxRetries: number;
  isRetryable: (error: unknown) => boolean;
  /** Default 200 ms. */
  baseMs?: number;
  /** Default 5 s. */
  capMs?: number;
  /** A number in [0, 1); default Math.random. */
  random?: () => number;
}

/** Thrown when a retryable error persisted through every retry; `cause` is the last error. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`gave up after ${attempts} attempts: ${errorText(cause)}`);
    this.name = 'RetriesExhaustedError';
  }
}

export const DEFAULT_RETRY_BASE_MS = 200;
export const DEFAULT_RETRY_CAP_MS = 5_000;

/** Exponential backoff with full jitter: a uniform delay in [0, min(cap, base * 2^retry)). */
export function backoffDelay(
  retry: number,
  baseMs = DEFAULT_RETRY_BASE_MS,
  capMs = DEFAULT_RETRY_CAP_MS,
  random: () => number = Math.random,
): number {
  return random() * Math.min(capMs, baseMs * 2 ** retry);
}

/** Calls `fn`, retrying retryable errors with backoff; other errors are thrown at once. */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { sleep, maxRetries, isRetryable, baseMs, capMs, random } = options;
  for (let retry = 0; ; retry++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (retry >= maxRetries) throw new RetriesExhaustedError(retry + 1, error);
      await sleep(backoffDelay(retry, baseMs, capMs, random));
    }
  }
}

/** `Name: message` of an error, or its text. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
  }
  return String(error);
}
