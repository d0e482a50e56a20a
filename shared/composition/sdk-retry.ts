/**
 * The one retry policy of the SDK clients, set on every client the compositions create (Lambda and
 * the CLI). The SDK retries throttling, transient and 5xx errors with exponential backoff and
 * jitter; `adaptive` also slows this client down while the service throttles it (many slices of
 * one fetch share an account's FilterLogEvents quota). What still fails after these attempts is
 * the adapter's to degrade (a note in the report) or the step's to fail, and the state machine's
 * Retry re-runs the step. Nothing retries between the two.
 */
export const SDK_RETRY = { retryMode: 'adaptive', maxAttempts: 4 } as const;
