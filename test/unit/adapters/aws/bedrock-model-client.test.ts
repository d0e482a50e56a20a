import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  InternalServerException,
  ModelTimeoutException,
  ServiceUnavailableException,
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
  DEFAULT_BEDROCK_MODEL_ID,
} from '../../../../shared/adapters/aws/bedrock-model-client.ts';
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
    sleep: time.sleep,
    clock: time.clock,
    random: () => 0.5,
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

  it.each([
    ['ThrottlingException', throttled],
    [
      'ServiceUnavailableException',
      () => new ServiceUnavailableException({ message: 'busy', $metadata: {} }),
    ],
    ['ModelTimeoutException', () => new ModelTimeoutException({ message: 'slow', $metadata: {} })],
    ['InternalServerException', () => new InternalServerException({ message: 'oops', $metadata: {} })],
  ])('retries a %s with jittered, growing backoff', async (_, error) => {
    bedrock.on(ConverseCommand).rejectsOnce(error()).rejectsOnce(error()).resolves(converseOutput('good'));
    const time = fakeTime();

    const response = await model(time).converse(REQUEST);

    expect(response.stopReason).toBe('tool_use');
    expect(time.sleeps).toStrictEqual([250, 500]);
    expect(response.latencyMs).toBe(750);
  });

  it('gives up at the deadline, never sleeping past it', async () => {
    bedrock.on(ConverseCommand).rejects(throttled());
    const time = fakeTime();

    const attempt = model(time, 20_000).converse(REQUEST);

    await expect(attempt).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      deadlineReached: true,
      cause: { name: 'ThrottlingException' },
    });
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(20_000);
    expect(bedrock.commandCalls(ConverseCommand).length).toBe(time.sleeps.length + 1);
  });

  it('honours a shorter timeout of the request', async () => {
    bedrock.on(ConverseCommand).rejects(throttled());
    const time = fakeTime();

    await expect(model(time, 60_000).converse({ ...REQUEST, timeoutMs: 1_000 })).rejects.toThrow(
      /deadline reached/,
    );
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(1_000);
  });

  it.each([
    [
      'ValidationException',
      () => new ValidationException({ message: 'The model does not support tool choice', $metadata: {} }),
    ],
    ['AccessDeniedException', () => new AccessDeniedException({ message: 'not authorized', $metadata: {} })],
  ])('does not retry a %s', async (name, error) => {
    bedrock.on(ConverseCommand).rejects(error());
    const time = fakeTime();

    await expect(model(time).converse(REQUEST)).rejects.toThrow(
      new RegExp(`after 1 attempt in 0 ms: ${name}`),
    );
    expect(time.sleeps).toStrictEqual([]);
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
  it('uses Nova Pro by default and leaves retries to the deadline', async () => {
    const client = createBedrockRuntimeClient({ region: 'us-east-1' });
    expect(await client.config.maxAttempts()).toBe(1);
    expect(createBedrockModelClient({ clientConfig: { region: 'us-east-1' } }).modelId).toBe(
      DEFAULT_BEDROCK_MODEL_ID,
    );
    expect(DEFAULT_BEDROCK_MODEL_ID).toBe('amazon.nova-pro-v1:0');
  });
});
