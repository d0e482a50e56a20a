import { attemptsOf, sdkErrorShape } from './sdk-errors.ts';

/**
 * How the CloudWatch Logs adapter tells errors apart, for what it says about them: the SDK client
 * has already retried what was retryable (its retry mode is set once, in the composition).
 */

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceUnavailableException',
  'RequestLimitExceeded',
  'Throttling',
]);

/** Throttling, too many concurrent queries, or a server-side (5xx) failure. */
export function isThrottledOrUnavailable(error: unknown): boolean {
  const { name, $metadata } = sdkErrorShape(error);
  if (typeof name === 'string' && THROTTLING_NAMES.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

export function isResourceNotFound(error: unknown): boolean {
  return sdkErrorShape(error).name === 'ResourceNotFoundException';
}

/** "still throttled or unavailable after N attempts" / "throttled or unavailable", for a note. */
export function throttledPhrase(error: unknown): string {
  const attempts = attemptsOf(error);
  return attempts === undefined
    ? 'throttled or unavailable'
    : `still throttled or unavailable after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
}
