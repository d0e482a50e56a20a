import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  isRetryableBedrockError,
  ModelUnavailableError,
} from '../../../../shared/adapters/aws/bedrock-errors.ts';
import {
  BedrockModelClient,
  createBedrockModelClient,
  createBedrockRuntimeClient,
} from '../../../../shared/adapters/aws/bedrock-model-client.ts';
import { SDK_RETRY } from '../../../../shared/composition/sdk-retry.ts';
import { DEFAULT_BEDROCK_MODEL_ID } from '../../../../shared/deployment/model-ids.ts';
import type { ModelRequest } from '../../../../shared/ports/model-client.ts';
import { converseOutput, fakeTime } from '../../llm/helpers.ts';

const bedrock = mockClient(BedrockRuntimeClient);

const REQUEST: ModelRequest = {
  system: 'You write incident narratives.',
  messages: [{ role: 'user', text: 'FACTS ...' }],
  tool: {
    name: 'write_incident_narrative',
    description: 'Write the narrative.',
    inputSchema: { type: 'object', properties: { executiveSummary: { type: 'string' } } },
  },
  maxTokens: 4_096,
  temperature: 0.2,
};

function model(time = fakeTime(), deadlineMs = 20_000) {
  return new BedrockModelClient({
    client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    deadlineMs,
    clock: time.clock,
  });
}

const throttled = () => new ThrottlingException({ message: 'Too many requests, please wait', $metadata: {} });

beforeEach(() => {
  bedrock.reset();
});

describe('BedrockModelClient.converse', () => {
  it('sends one Converse request with the tool forced through toolChoice', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('good'));

    await model().converse(REQUEST);

    const calls = bedrock.commandCalls(ConverseCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toStrictEqual({
      modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      system: [{ text: 'You write incident narratives.' }],
      messages: [{ role: 'user', content: [{ text: 'FACTS ...' }] }],
      inferenceConfig: { maxTokens: 4_096, temperature: 0.2 },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'write_incident_narrative',
              description: 'Write the narrative.',
              inputSchema: { json: REQUEST.tool.inputSchema },
            },
          },
        ],
        toolChoice: { tool: { name: 'write_incident_narrative' } },
      },
    });
  });

  it('returns the tool input, stop reason, usage and latency', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('good'));
    const time = fakeTime();
    bedrock.on(ConverseCommand).callsFake(() => {
      time.advance(4_210);
      return converseOutput('good');
    });

    const response = await model(time).converse(REQUEST);

    expect(response.stopReason).toBe('tool_use');
    expect(response.usage).toStrictEqual({ inputTokens: 2_811, outputTokens: 1_422 });
    expect(response.latencyMs).toBe(4_210);
    expect(response.toolInput).toMatchObject({
      rootCause: { summary: expect.stringContaining('payment-service') },
    });
    expect(response.text).toBeUndefined();
  });

  it('returns text, and no tool input, when the model wrote text instead', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('text'));

    const response = await model().converse(REQUEST);

    expect(response.toolInput).toBeUndefined();
    expect(response.text).toMatch(/^Here is the incident narrative/);
    expect(response.stopReason).toBe('end_turn');
  });

  it('parses a tool input given as JSON text, and keeps malformed text as it is', async () => {
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(converseOutput('malformed'))
      .resolves(converseOutput('truncated'));

    const malformed = await model().converse(REQUEST);
    const truncated = await model().converse(REQUEST);

    expect(typeof malformed.toolInput).toBe('string');
    expect(truncated.stopReason).toBe('max_tokens');
    expect(truncated.toolInput).toMatch(/^\{"executiveSummary"/);
  });

  it('makes one send per request and reports the attempts the SDK client made before giving up', async () => {
    bedrock
      .on(ConverseCommand)
      .rejects(
        new ThrottlingException({ message: 'Too many requests, please wait', $metadata: { attempts: 4 } }),
      );
    const time = fakeTime();

    const attempt = model(time).converse(REQUEST);

    await expect(attempt).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(attempt).rejects.toMatchObject({ attempts: 4, cause: { name: 'ThrottlingException' } });
    await expect(attempt).rejects.toThrow(/after 4 attempts in 0 ms: ThrottlingException/);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(time.sleeps).toStrictEqual([]);
  });

  it('sends with an abort signal at the deadline, the shorter of its own and the request’s', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('good'));

    await model(fakeTime(), 60_000).converse({ ...REQUEST, timeoutMs: 1_000 });

    const args = (bedrock.commandCalls(ConverseCommand)[0]?.args ?? []) as unknown[];
    const options = args[1] as { abortSignal?: AbortSignal } | undefined;
    expect(options?.abortSignal).toBeInstanceOf(AbortSignal);
    await expect(model(fakeTime()).converse({ ...REQUEST, timeoutMs: 0 })).rejects.toThrow(
      /deadline reached/,
    );
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });

  it('says that model access is not granted, apart from an IAM refusal', async () => {
    bedrock
      .on(ConverseCommand)
      .rejectsOnce(
        new AccessDeniedException({
          message: "You don't have access to the model with the specified model ID.",
          $metadata: {},
        }),
      )
      .rejectsOnce(
        new AccessDeniedException({
          message: 'User: arn:aws:sts::1:assumed-role/x is not authorized to perform: bedrock:InvokeModel',
          $metadata: {},
        }),
      );

    await expect(model().converse(REQUEST)).rejects.toThrow(
      /model access to us\.anthropic\.claude-3-5-haiku-20241022-v1:0 is not granted in this account and region: grant it in the Amazon Bedrock console/,
    );
    await expect(model().converse(REQUEST)).rejects.toThrow(/the function's role may not invoke/);
  });

  it('does not hide a validation error', async () => {
    bedrock
      .on(ConverseCommand)
      .rejects(new ValidationException({ message: 'The model does not support tool choice', $metadata: {} }));

    await expect(model().converse(REQUEST)).rejects.toThrow(/after 1 attempt in 0 ms: ValidationException/);
  });
});

describe('isRetryableBedrockError', () => {
  it('retries throttling, an overloaded or slow model and 5xx, nothing else', () => {
    expect(isRetryableBedrockError(throttled())).toBe(true);
    expect(isRetryableBedrockError({ name: 'Whatever', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryableBedrockError({ name: 'Whatever', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isRetryableBedrockError({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBe(
      false,
    );
    expect(isRetryableBedrockError('boom')).toBe(false);
  });
});

describe('createBedrockModelClient', () => {
  it('uses Nova Pro by default and the retry configuration it is given', async () => {
    const client = createBedrockRuntimeClient({ region: 'us-east-1', ...SDK_RETRY });
    expect(await client.config.maxAttempts()).toBe(SDK_RETRY.maxAttempts);
    expect(client.config.retryMode).toBe('adaptive');
    expect(createBedrockModelClient({ clientConfig: { region: 'us-east-1' } }).modelId).toBe(
      DEFAULT_BEDROCK_MODEL_ID,
    );
    expect(DEFAULT_BEDROCK_MODEL_ID).toBe('amazon.nova-pro-v1:0');
  });
});
