import { type BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import type { EmbeddingScorer } from '../../analysis/similarity/embeddings.ts';
import { TITAN_EMBED_MODEL } from '../../deployment/model-ids.ts';

// Titan Text Embeddings V2 takes at most 50,000 characters (8,192 tokens) per text.
const MAX_INPUT_CHARS = 50_000;

export interface BedrockTitanEmbeddingsOptions {
  client: BedrockRuntimeClient;
  modelId?: string;
  /** 256, 512 or 1024 (Titan V2); small vectors are enough for similarity. Default 256. */
  dimensions?: 256 | 512 | 1024;
  /** Texts embedded at once: Titan V2 takes one text per InvokeModel. Default 8. */
  concurrency?: number;
}

/** Titan Text Embeddings V2 on Bedrock (InvokeModel), normalized vectors, one call per text. */
export class BedrockTitanEmbeddings implements EmbeddingScorer {
  private readonly client: BedrockRuntimeClient;
  private readonly modelId: string;
  private readonly dimensions: number;
  private readonly concurrency: number;

  constructor(options: BedrockTitanEmbeddingsOptions) {
    this.client = options.client;
    this.modelId = options.modelId ?? TITAN_EMBED_MODEL;
    this.dimensions = options.dimensions ?? 256;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const vectors: number[][] = new Array(texts.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < texts.length; i = next++) vectors[i] = await this.embedOne(texts[i] ?? '');
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, texts.length) }, worker));
    return vectors;
  }

  private async embedOne(text: string): Promise<number[]> {
    const response = await this.client.send(
      new InvokeModelCommand({
        modelId: this.modelId,
        contentType: 'application/json',
        accept: 'application/json',
        body: JSON.stringify({
          inputText: text.slice(0, MAX_INPUT_CHARS) || ' ',
          dimensions: this.dimensions,
          normalize: true,
        }),
      }),
    );
    const parsed = JSON.parse(new TextDecoder().decode(response.body)) as { embedding?: unknown };
    const { embedding } = parsed;
    if (!Array.isArray(embedding) || !embedding.every((x) => typeof x === 'number')) {
      throw new Error(`${this.modelId} returned no embedding`);
    }
    return embedding;
  }
}
