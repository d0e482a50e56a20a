/**
 * The failures the analyzer names, so that whoever handles one decides by its class, never by its
 * message: retry it, tell the user to fix the input, or report it and go on with less. Each class
 * sets its name literally (a minified bundle renames classes; the state machine matches names).
 */

export type FailureKind = 'transient' | 'input' | 'dependency' | 'configuration';

export abstract class IncidentIqError extends Error {
  abstract readonly kind: FailureKind;
}

/** A failure a later attempt may not meet: throttling, a service unavailable, a timeout, work in progress. */
export class TransientError extends IncidentIqError {
  readonly kind = 'transient';
  override name = 'TransientError';
}

/** Input that cannot be analyzed as given (a folder, a file, a feedback form): retrying will not help. */
export class InputError extends IncidentIqError {
  readonly kind = 'input';
  override name = 'InputError';
}

/** The command line asked for something the CLI does not take. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

/** A service the analyzer depends on refused or failed for good (access denied, no such resource). */
export class DependencyError extends IncidentIqError {
  readonly kind = 'dependency';
  override name = 'DependencyError';
}

/** The incident store cannot be used; the report goes on without incident memory. */
export class StoreUnavailableError extends DependencyError {
  override name = 'StoreUnavailableError';
}

/** The deployment left out or garbled a setting (an environment variable): a deployment error. */
export class ConfigurationError extends IncidentIqError {
  readonly kind = 'configuration';
  override name = 'ConfigurationError';
}

export const isIncidentIqError = (error: unknown): error is IncidentIqError =>
  error instanceof IncidentIqError;
export const isTransient = (error: unknown): error is TransientError => error instanceof TransientError;

/** What kind of failure this is, or undefined for an error the analyzer does not name (a bug). */
export function failureKind(error: unknown): FailureKind | undefined {
  return isIncidentIqError(error) ? error.kind : undefined;
}
