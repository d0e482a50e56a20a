import { DependencyError } from '../../domain/errors.ts';
import { errorText } from './error-text.ts';
import { sdkErrorShape } from './sdk-errors.ts';

/** How the Bedrock adapter tells errors apart (by name and HTTP status, as SDK v3 sets them). */

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelTimeoutException',
  'ModelNotReadyException',
  'InternalServerException',
]);

/** Throttling, an overloaded or slow model, or a server-side (5xx) failure: what the SDK retries. */
export function isRetryableBedrockError(error: unknown): boolean {
  const { name, $metadata } = sdkErrorShape(error);
  if (typeof name === 'string' && RETRYABLE_NAMES.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

/**
 * Bedrock refuses a model the account may not use with AccessDeniedException ("You don't have
 * access to the model with the specified model ID"); IAM refusals say "not authorized to perform".
 */
export function isModelAccessDenied(error: unknown): boolean {
  const { name, message } = sdkErrorShape(error);
  return name === 'AccessDeniedException' && !/not authorized to perform/i.test(String(message ?? ''));
}

/** One line on why the model gave no answer, with what to do when the account lacks access. */
export function unavailableReason(modelId: string, error: unknown): string {
  if (isModelAccessDenied(error)) {
    return `model access to ${modelId} is not granted in this account and region: grant it in the Amazon Bedrock console (Model access; see docs/deploy.md)`;
  }
  if (sdkErrorShape(error).name === 'AccessDeniedException') {
    return `the function's role may not invoke ${modelId} (${errorText(error)})`;
  }
  return errorText(error);
}

/** The model gave no answer: a non-retryable error, retryable ones past the SDK's attempts, or the deadline. */
export class ModelUnavailableError extends DependencyError {
  constructor(
    readonly modelId: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    override readonly cause: unknown,
    readonly deadlineReached: boolean,
  ) {
    super(
      `${modelId} gave no answer after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${Math.round(elapsedMs)} ms${deadlineReached ? ' (deadline reached)' : ''}: ${unavailableReason(modelId, cause)}`,
    );
    this.name = 'ModelUnavailableError';
  }
}
