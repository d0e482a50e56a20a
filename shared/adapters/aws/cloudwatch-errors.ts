/** How the CloudWatch Logs adapter tells errors apart (by name and HTTP status, as SDK v3 sets them). */

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceUnavailableException',
  'RequestLimitExceeded',
  'Throttling',
]);

interface ServiceErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function shape(error: unknown): ServiceErrorShape {
  return typeof error === 'object' && error !== null ? (error as ServiceErrorShape) : {};
}

/** Throttling, too many concurrent queries, or a server-side (5xx) failure: worth retrying. */
export function isRetryableLogsError(error: unknown): boolean {
  const { name, $metadata } = shape(error);
  if (typeof name === 'string' && RETRYABLE_NAMES.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

export function isResourceNotFound(error: unknown): boolean {
  return shape(error).name === 'ResourceNotFoundException';
}
