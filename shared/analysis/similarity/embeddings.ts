import type { IncidentRecord } from '../../ports/incident-store.ts';
import { tokenKind } from './signature.ts';

/** Turns texts into vectors (Titan text embeddings in AWS); one vector per text, in order. */
export interface EmbeddingScorer {
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** Vectors of the current incident and of the candidates, by incident id. */
export interface IncidentEmbeddings {
  current: readonly number[];
  byIncident: ReadonlyMap<string, readonly number[]>;
}

/** The share of the embedding cosine in a blended similarity; the lexical score keeps the rest. */
export const EMBEDDING_WEIGHT = 0.3;

/** `(1 − w) × lexical + w × cosine`, a negative cosine counting as 0, so the result stays in 0..1. */
export function blendSimilarity(lexical: number, cosineSimilarity: number): number {
  const cos = Math.min(1, Math.max(0, cosineSimilarity));
  return (1 - EMBEDDING_WEIGHT) * lexical + EMBEDDING_WEIGHT * cos;
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** A signature as prose for an embedding model: tags spelled out, words as they are. */
export function embeddingText(signature: readonly string[]): string {
  return signature
    .map((token) => {
      const [, name = '', role = ''] = token.split(':');
      switch (tokenKind(token)) {
        case 'class':
          return `fault ${name.replace(/_/g, ' ')}`;
        case 'root':
          return `root cause in ${name}`;
        case 'service':
          return `${name} (${role})`;
        default:
          return token;
      }
    })
    .join(', ');
}

/** Embeds the current incident and the candidates in one call to the scorer. */
export async function embedIncidents(
  scorer: EmbeddingScorer,
  current: { signature: readonly string[] },
  candidates: readonly IncidentRecord[],
): Promise<IncidentEmbeddings> {
  const texts = [current.signature, ...candidates.map((c) => c.signature)].map(embeddingText);
  const [first, ...rest] = await scorer.embed(texts);
  if (!first || rest.length !== candidates.length) {
    throw new Error(
      `the embedding scorer returned ${rest.length + (first ? 1 : 0)} vectors for ${texts.length} texts`,
    );
  }
  return {
    current: first,
    byIncident: new Map(candidates.map((c, i) => [c.incidentId, rest[i] ?? []])),
  };
}
