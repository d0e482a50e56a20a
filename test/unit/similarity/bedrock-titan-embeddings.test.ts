import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BedrockTitanEmbeddings } from '../../../shared/adapters/aws/bedrock-titan-embeddings.ts';
import { cosine, embeddingText } from '../../../shared/analysis/similarity/embeddings.ts';
import { TITAN_EMBED_MODEL } from '../../../shared/deployment/model-ids.ts';

const bedrock = mockClient(BedrockRuntimeClient);

/** A mocked InvokeModel response body (the SDK's blob adapter is a Uint8Array). */
function body(value: unknown) {
  return new TextEncoder().encode(JSON.stringify(value)) as never;
}

describe('BedrockTitanEmbeddings', () => {
  beforeEach(() => bedrock.reset());
  afterAll(() => bedrock.restore());

  it('embeds each text with Titan V2, in order', async () => {
    bedrock.on(InvokeModelCommand).callsFake((input: { body: string }) => {
      const { inputText } = JSON.parse(input.body) as { inputText: string };
      return { body: body({ embedding: [inputText.length, 1] }) };
    });
    const scorer = new BedrockTitanEmbeddings({
      client: new BedrockRuntimeClient({ region: 'us-east-1' }),
      concurrency: 2,
    });

    const vectors = await scorer.embed(['a', 'bbb', 'cc']);

    expect(vectors).toEqual([
      [1, 1],
      [3, 1],
      [2, 1],
    ]);
    const calls = bedrock.commandCalls(InvokeModelCommand).map((c) => c.args[0].input);
    expect(calls[0]?.modelId).toBe(TITAN_EMBED_MODEL);
    expect(JSON.parse(String(calls[0]?.body))).toEqual({ inputText: 'a', dimensions: 256, normalize: true });
  });

  it('fails clearly on a response without an embedding', async () => {
    bedrock.on(InvokeModelCommand).resolves({ body: body({ message: 'nope' }) });
    const scorer = new BedrockTitanEmbeddings({ client: new BedrockRuntimeClient({ region: 'us-east-1' }) });

    await expect(scorer.embed(['a'])).rejects.toThrow(/returned no embedding/);
  });
});

describe('embedding helpers', () => {
  it('cosine is 1 for parallel vectors, 0 for orthogonal or empty ones', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([], [])).toBe(0);
  });

  it('spells a signature out as text', () => {
    expect(embeddingText(['class:disk_full', 'root:ledger-db', 'service:ledger-db:database', 'enospc'])).toBe(
      'fault disk full, root cause in ledger-db, ledger-db (database), enospc',
    );
  });
});
