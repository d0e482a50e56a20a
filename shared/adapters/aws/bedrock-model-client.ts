import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { DEFAULT_BEDROCK_MODEL_ID } from '../../deployment/model-ids.ts';
import type { ModelClient, ModelRequest, ModelResponse } from '../../ports/model-client.ts';
import { fromConverseOutput, toConverseInput } from './bedrock-converse.ts';
import { ModelUnavailableError } from './bedrock-errors.ts';
import { attemptsOf } from './sdk-errors.ts';

/** Per call, the SDK's retries included: well inside the write-narrative step's Lambda timeout. */
export const DEFAULT_BEDROCK_DEADLINE_MS = 60_000;

export interface BedrockModelClientOptions {
  /** Retries throttling, an overloaded model and 5xx itself: the SDK retry mode of the composition. */
  client: BedrockRuntimeClient;
  /** A Converse model id or inference profile id (e.g. `us.anthropic.claude-3-5-haiku-20241022-v1:0`). */
  modelId?: string;
  deadlineMs?: number;
  clock?: () => number;
}

/**
 * A `ModelClient` on the Bedrock Runtime Converse API (not streaming). One send per request, cut
 * at the deadline: the SDK client retries within it. When no answer came, the call rejects with
 * `ModelUnavailableError`, which says why (model access not granted, throttled, deadline).
 */
export class BedrockModelClient implements ModelClient {
  readonly modelId: string;
  private readonly client: BedrockRuntimeClient;
  private readonly deadlineMs: number;
  private readonly clock: () => number;

  constructor(options: BedrockModelClientOptions) {
    this.client = options.client;
    this.modelId = options.modelId ?? DEFAULT_BEDROCK_MODEL_ID;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_BEDROCK_DEADLINE_MS;
    this.clock = options.clock ?? (() => performance.now());
  }

  async converse(request: ModelRequest): Promise<ModelResponse> {
    const started = this.clock();
    const budget = Math.min(this.deadlineMs, request.timeoutMs ?? Number.POSITIVE_INFINITY);
    if (budget <= 0) {
      throw new ModelUnavailableError(
        this.modelId,
        0,
        0,
        new Error('no time left before the deadline'),
        true,
      );
    }
    try {
      const output = await this.client.send(new ConverseCommand(toConverseInput(this.modelId, request)), {
        abortSignal: AbortSignal.timeout(Math.ceil(budget)),
      });
      return fromConverseOutput(output, this.clock() - started);
    } catch (error) {
      // The abort signal fires at the deadline: the SDK reports it as an AbortError or TimeoutError.
      const timedOut = error instanceof Error && /^(?:AbortError|TimeoutError)$/.test(error.name);
      throw new ModelUnavailableError(
        this.modelId,
        attemptsOf(error) ?? 1,
        this.clock() - started,
        error,
        timedOut,
      );
    }
  }
}

/**
 * A Bedrock Runtime client with the SDK's standard configuration (region, credentials,
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`) and whatever `config` adds (the composition's retry mode).
 */
export function createBedrockRuntimeClient(config: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ ...config });
}

export interface CreateBedrockModelClientOptions extends Omit<BedrockModelClientOptions, 'client'> {
  client?: BedrockRuntimeClient;
  clientConfig?: BedrockRuntimeClientConfig;
}

export function createBedrockModelClient(options: CreateBedrockModelClientOptions = {}): BedrockModelClient {
  const { client, clientConfig, ...rest } = options;
  return new BedrockModelClient({ ...rest, client: client ?? createBedrockRuntimeClient(clientConfig) });
}
