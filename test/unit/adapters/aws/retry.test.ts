import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBedrockModelClient } from '../../../../shared/adapters/aws/bedrock-model-client.ts';
import { createCloudWatchLogsClient } from '../../../../shared/adapters/aws/cloudwatch-logs-client.ts';
import { CloudWatchLogsFetcher } from '../../../../shared/adapters/aws/cloudwatch-logs-fetcher.ts';
import { SDK_RETRY } from '../../../../shared/composition/sdk-retry.ts';
import { converseOutput } from '../../llm/helpers.ts';
import { collect, T0 } from './cloudwatch-test-helpers.ts';

/**
 * The one retry policy (SDK_RETRY, the SDK's adaptive mode) against stand-in endpoints that throttle:
 * every call is counted, so a second retry layer would show as more calls than SDK_RETRY allows.
 */

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret' };

/** What the stand-ins answer next, per log group or per model: throttle `n` more times, then succeed. */
const throttleBudget = new Map<string, number>();
const calls: string[] = [];

async function bodyOf(req: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

let logsServer: Server;
let logsEndpoint: string;
let bedrockServer: Http2Server;
let bedrockEndpoint: string;

/** CloudWatch Logs speaks JSON 1.1: the operation in X-Amz-Target, errors as `__type` with status 400. */
async function answerLogs(req: IncomingMessage, res: import('node:http').ServerResponse) {
  const body = JSON.parse(await bodyOf(req)) as { logGroupName?: string };
  const group = body.logGroupName ?? '?';
  calls.push(`${req.headers['x-amz-target']} ${group}`);
  const left = throttleBudget.get(group) ?? 0;
  res.setHeader('content-type', 'application/x-amz-json-1.1');
  if (left > 0) {
    throttleBudget.set(group, left - 1);
    res.statusCode = 400;
    res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
    return;
  }
  res.end(
    JSON.stringify({
      events: [{ eventId: '1', timestamp: T0, message: `read from ${group}`, logStreamName: 's' }],
    }),
  );
}

beforeAll(async () => {
  logsServer = createHttpServer((req, res) => void answerLogs(req, res));
  await new Promise<void>((resolve) => logsServer.listen(0, '127.0.0.1', resolve));
  logsEndpoint = `http://127.0.0.1:${(logsServer.address() as AddressInfo).port}`;

  bedrockServer = createHttp2Server(async (req, res) => {
    await bodyOf(req);
    const model = decodeURIComponent(req.url ?? '').split('/')[2] ?? '?';
    calls.push(`Converse ${model}`);
    const left = throttleBudget.get(model) ?? 0;
    res.setHeader('content-type', 'application/json');
    if (model.includes('no-access')) {
      res.writeHead(403, { 'x-amzn-errortype': 'AccessDeniedException' });
      res.end(JSON.stringify({ message: "You don't have access to the model with the specified model ID." }));
      return;
    }
    if (left > 0) {
      throttleBudget.set(model, left - 1);
      res.writeHead(429, { 'x-amzn-errortype': 'ThrottlingException' });
      res.end(JSON.stringify({ message: 'Too many requests, please wait before trying again.' }));
      return;
    }
    const { $metadata: _, ...answer } = converseOutput('good');
    res.writeHead(200);
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => bedrockServer.listen(0, '127.0.0.1', resolve));
  bedrockEndpoint = `http://127.0.0.1:${(bedrockServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => logsServer.close(resolve));
  await new Promise((resolve) => bedrockServer.close(resolve));
});

beforeEach(() => {
  throttleBudget.clear();
  calls.length = 0;
});

const WINDOW = { startTime: T0 - 60_000, endTime: T0 + 60_000 };

function fetcher(): CloudWatchLogsFetcher {
  const client = createCloudWatchLogsClient({
    ...SDK_RETRY,
    endpoint: logsEndpoint,
    region: 'eu-west-1',
    credentials: CREDENTIALS,
  });
  return new CloudWatchLogsFetcher({ client });
}

describe('the SDK retry policy on CloudWatch Logs (a throttling stand-in)', () => {
  it('rides out throttling within the SDK client: two throttled calls, then the page, three calls in all', async () => {
    throttleBudget.set('/ecs/busy', 2);

    const { events, outcome } = fetcher().fetch({ logGroups: ['/ecs/busy'], ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => e.message)).toEqual(['read from /ecs/busy']);
    expect(calls).toEqual(Array(3).fill('Logs_20140328.FilterLogEvents /ecs/busy'));
    expect(outcome.notes).toEqual([]);
  });

  it(`gives a group up after exactly ${SDK_RETRY.maxAttempts} calls, says so, and reads the next group`, async () => {
    throttleBudget.set('/ecs/hot', 1_000);

    const { events, outcome } = fetcher().fetch({ logGroups: ['/ecs/hot', '/ecs/calm'], ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => e.logGroup)).toEqual(['/ecs/calm']);
    expect(calls.filter((c) => c.endsWith('/ecs/hot'))).toHaveLength(SDK_RETRY.maxAttempts);
    expect(outcome.notes).toEqual([
      `gave up on log group /ecs/hot: still throttled or unavailable after ${SDK_RETRY.maxAttempts} attempts ` +
        '(ThrottlingException: Rate exceeded); the rest of its window was not read.',
    ]);
  });
});

describe('the SDK retry policy on Bedrock Runtime (a throttling stand-in)', () => {
  const model = (modelId: string) =>
    createBedrockModelClient({
      modelId,
      clientConfig: {
        ...SDK_RETRY,
        endpoint: bedrockEndpoint,
        region: 'eu-west-3',
        credentials: CREDENTIALS,
      },
    });
  const request = {
    system: 'sys',
    messages: [{ role: 'user' as const, text: 'hello' }],
    tool: { name: 'write_incident_narrative', description: 'd', inputSchema: { type: 'object' } },
    maxTokens: 100,
    temperature: 0,
  };

  it('answers after two throttled calls: three Converse calls, one from the adapter', async () => {
    throttleBudget.set('eu.amazon.nova-pro-v1:0', 2);

    const response = await model('eu.amazon.nova-pro-v1:0').converse(request);

    expect(response.stopReason).toBe('tool_use');
    expect(calls).toEqual(Array(3).fill('Converse eu.amazon.nova-pro-v1:0'));
  });

  it(`stops after ${SDK_RETRY.maxAttempts} throttled calls and says how many`, async () => {
    throttleBudget.set('eu.amazon.nova-lite-v1:0', 1_000);

    await expect(model('eu.amazon.nova-lite-v1:0').converse(request)).rejects.toThrow(
      new RegExp(`after ${SDK_RETRY.maxAttempts} attempts .*ThrottlingException`),
    );
    expect(calls).toHaveLength(SDK_RETRY.maxAttempts);
  });

  it('does not retry a model the account has no access to, and says so', async () => {
    await expect(model('eu.no-access-model-v1:0').converse(request)).rejects.toThrow(
      /model access to eu\.no-access-model-v1:0 is not granted/,
    );
    expect(calls).toHaveLength(1);
  });
});
