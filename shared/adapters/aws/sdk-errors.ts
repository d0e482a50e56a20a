import {
  DependencyError,
  type IncidentIqError,
  isIncidentIqError,
  TransientError,
} from '../../domain/errors.ts';
import { errorText } from './error-text.ts';

/**
 * What an AWS SDK v3 error says about itself in typed fields: its `name` (the service's error
 * code), `$retryable` (set where the service model marks the error retryable, throttling
 * included), `$metadata` (HTTP status, attempts made) and, for a network failure, Node's `code`.
 */
export interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
}

export const sdkErrorShape = (error: unknown): SdkErrorShape =>
  typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};

/** Error codes of throttling, an overloaded service or a timeout, across the services the analyzer calls. */
const TRANSIENT_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'SlowDown',
  'ModelTimeoutException',
  'ModelNotReadyException',
]);

/** Node's codes for a connection that broke or never answered. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Throttling, a timeout, a broken connection or a server-side (429, 5xx) failure: worth another attempt. */
export function isTransientSdkError(error: unknown): boolean {
  const { name, code, $retryable, $metadata } = sdkErrorShape(error);
  if (typeof $retryable === 'object' && $retryable !== null) return true;
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

/** An error a service answered with (the SDK fills `$metadata` on every service exception). */
export const isServiceError = (error: unknown): boolean => typeof sdkErrorShape(error).$metadata === 'object';

/** How many calls the SDK made before this error (its retries included), when it says so. */
export function attemptsOf(error: unknown): number | undefined {
  const attempts = sdkErrorShape(error).$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : undefined;
}

/**
 * The analyzer's name for a failure: its own errors as they are; an SDK's error (left after the
 * SDK's own retries) as TransientError or DependencyError, the original kept as `cause`; anything
 * else (a bug) undefined.
 */
export function namedError(error: unknown): IncidentIqError | undefined {
  if (isIncidentIqError(error)) return error;
  if (isTransientSdkError(error)) return new TransientError(errorText(error), { cause: error });
  if (isServiceError(error)) return new DependencyError(errorText(error), { cause: error });
  return undefined;
}
