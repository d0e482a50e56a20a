import { createServer, type Http2Server, type Http2ServerRequest } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockModelClient } from '../../../../shared/adapters/aws/bedrock-model-client.ts';
import { converseOutput } from '../../llm/helpers.ts';

/** A stand-in Bedrock Runtime endpoint (HTTP/2 cleartext, as the Bedrock Runtime client speaks HTTP/2) that answers every Converse call with the recorded good answer. */
let server: Http2Server;
const received: { url: string; body: unknown }[] = [];
const saved = { ...process.env };

async function bodyOf(req: Http2ServerRequest): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    received.push({ url: req.url ?? '', body: JSON.parse(await bodyOf(req)) });
    const { $metadata: _, ...body } = converseOutput('good');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = `http://127.0.0.1:${port}`;
  process.env.AWS_REGION = 'eu-west-3';
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  delete process.env.AWS_PROFILE;
});

afterAll(async () => {
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

describe('createBedrockModelClient with the standard SDK configuration', () => {
  it('calls Converse at AWS_ENDPOINT_URL_BEDROCK_RUNTIME and reads the answer', async () => {
    const model = createBedrockModelClient({ modelId: 'eu.amazon.nova-pro-v1:0' });

    const response = await model.converse({
      system: 'sys',
      messages: [{ role: 'user', text: 'hello' }],
      tool: { name: 'write_incident_narrative', description: 'd', inputSchema: { type: 'object' } },
      maxTokens: 100,
      temperature: 0,
    });

    expect(received).toHaveLength(1);
    expect(decodeURIComponent(received[0]?.url ?? '')).toBe('/model/eu.amazon.nova-pro-v1:0/converse');
    expect(received[0]?.body).toMatchObject({
      toolConfig: { toolChoice: { tool: { name: 'write_incident_narrative' } } },
    });
    expect(response.stopReason).toBe('tool_use');
    expect(response.usage).toStrictEqual({ inputTokens: 2_811, outputTokens: 1_422 });
    expect(response.toolInput).toMatchObject({ severityReason: expect.stringContaining('payment-service') });
  });
});
