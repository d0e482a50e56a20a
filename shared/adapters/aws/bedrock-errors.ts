import { errorText } from './retry.ts';

/** How the Bedrock adapter tells errors apart (by name and HTTP status, as SDK v3 sets them). */

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelTimeoutException',
  'ModelNotReadyException',
  'InternalServerException',
]);

interface ServiceErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Throttling, an overloaded or slow model, or a server-side (5xx) failure: worth retrying. */
export function isRetryableBedrockError(error: unknown): boolean {
  const { name, $metadata } = typeof error === 'object' && error !== null ? (error as ServiceErrorShape) : {};
  if (typeof name === 'string' && RETRYABLE_NAMES.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

/** The model gave no answer: a non-retryable error, or retryable ones until the deadline. */
export class ModelUnavailableError extends Error {
  constructor(
    readonly modelId: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    override readonly cause: unknown,
    readonly deadlineReached: boolean,
  ) {
    super(
      `${modelId} gave no answer after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${Math.round(elapsedMs)} ms${deadlineReached ? ' (deadline reached)' : ''}: ${errorText(cause)}`,
    );
    this.name = 'ModelUnavailableError';
  }
}
