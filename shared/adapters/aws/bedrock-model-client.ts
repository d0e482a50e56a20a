import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type { ModelClient, ModelRequest, ModelResponse } from '../../ports/model-client.ts';
import { fromConverseOutput, toConverseInput } from './bedrock-converse.ts';
import { isRetryableBedrockError, ModelUnavailableError } from './bedrock-errors.ts';
import { backoffDelay } from './retry.ts';

export const DEFAULT_BEDROCK_MODEL_ID = 'amazon.nova-pro-v1:0';
/** Per call, retries included: well inside the synthesize step's Lambda timeout. */
export const DEFAULT_BEDROCK_DEADLINE_MS = 60_000;

export interface BedrockModelClientOptions {
  client: BedrockRuntimeClient;
  /** A Converse model id or inference profile id (e.g. `us.anthropic.claude-3-5-haiku-20241022-v1:0`). */
  modelId?: string;
  deadlineMs?: number;
  baseMs?: number;
  capMs?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  random?: () => number;
}

/**
 * A `ModelClient` on the Bedrock Runtime Converse API (not streaming). Throttling, an overloaded
 * model and 5xx answers are retried with jittered backoff until the deadline; then, or on any
 * other error, the call rejects with `ModelUnavailableError`.
 */
export class BedrockModelClient implements ModelClient {
  readonly modelId: string;
  private readonly client: BedrockRuntimeClient;
  private readonly deadlineMs: number;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(options: BedrockModelClientOptions) {
    this.client = options.client;
    this.modelId = options.modelId ?? DEFAULT_BEDROCK_MODEL_ID;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_BEDROCK_DEADLINE_MS;
    this.baseMs = options.baseMs ?? 500;
    this.capMs = options.capMs ?? 8_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.clock = options.clock ?? (() => performance.now());
    this.random = options.random ?? Math.random;
  }

  async converse(request: ModelRequest): Promise<ModelResponse> {
    const started = this.clock();
    const deadline = started + Math.min(this.deadlineMs, request.timeoutMs ?? Number.POSITIVE_INFINITY);
    const input = toConverseInput(this.modelId, request);
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - this.clock();
      if (remaining <= 0) {
        const cause = new Error('no time left before the deadline');
        throw new ModelUnavailableError(this.modelId, attempt - 1, this.clock() - started, cause, true);
      }
      try {
        const output = await this.client.send(new ConverseCommand(input), {
          abortSignal: AbortSignal.timeout(Math.ceil(remaining)),
        });
        return fromConverseOutput(output, this.clock() - started);
      } catch (error) {
        const elapsed = this.clock() - started;
        if (!isRetryableBedrockError(error)) {
          // The abort signal fires at the deadline: the SDK reports it as an AbortError or TimeoutError.
          const timedOut = error instanceof Error && /^(?:AbortError|TimeoutError)$/.test(error.name);
          throw new ModelUnavailableError(this.modelId, attempt, elapsed, error, timedOut);
        }
        const delay = backoffDelay(attempt - 1, this.baseMs, this.capMs, this.random);
        if (this.clock() + delay >= deadline) {
          throw new ModelUnavailableError(this.modelId, attempt, elapsed, error, true);
        }
        await this.sleep(delay);
      }
    }
  }
}

/**
 * A Bedrock Runtime client with the SDK's standard configuration (region, credentials,
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`). The SDK's own retries are off by default: the model client
 * retries within its deadline, and two retry layers would multiply the attempts past it.
 */
export function createBedrockRuntimeClient(config: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ maxAttempts: 1, ...config });
}

export interface CreateBedrockModelClientOptions extends Omit<BedrockModelClientOptions, 'client'> {
  client?: BedrockRuntimeClient;
  clientConfig?: BedrockRuntimeClientConfig;
}

export function createBedrockModelClient(options: CreateBedrockModelClientOptions = {}): BedrockModelClient {
  const { client, clientConfig, ...rest } = options;
  return new BedrockModelClient({ ...rest, client: client ?? createBedrockRuntimeClient(clientConfig) });
}
