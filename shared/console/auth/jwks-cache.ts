import { type Fetcher, SimpleFetcher } from 'aws-jwt-verify/https';
import type { Jwks, JwksCache, JwkWithKid } from 'aws-jwt-verify/jwk';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/** How long the pool's signing keys are trusted before they are fetched again. */
export const JWKS_MAX_AGE_MS = 60 * 60_000;

type DecomposedJwt = Parameters<JwksCache['getJwk']>[1];

/**
 * aws-jwt-verify's cache, which keeps a JWKS for the life of the process (refetching only for an
 * unknown `kid`), bounded in time: a key Cognito has withdrawn stops verifying within
 * `maxAgeMs`, even in a Lambda container that lives for hours.
 */
export class ExpiringJwksCache implements JwksCache {
  private cache: SimpleJwksCache;
  private readonly loadedAt = new Map<string, number>();
  private readonly fetcher: Fetcher;
  private readonly clock: () => number;
  private readonly maxAgeMs: number;

  constructor(options: { maxAgeMs?: number; clock?: () => number; fetcher?: Fetcher } = {}) {
    this.maxAgeMs = options.maxAgeMs ?? JWKS_MAX_AGE_MS;
    this.clock = options.clock ?? Date.now;
    const inner = options.fetcher ?? new SimpleFetcher();
    // Every download, including those for an unknown kid, restarts the clock of its URI.
    this.fetcher = {
      fetch: async (uri, requestOptions, data) => {
        const body = await inner.fetch(uri, requestOptions, data);
        this.loadedAt.set(uri, this.clock());
        return body;
      },
    };
    this.cache = this.fresh();
  }

  private fresh(): SimpleJwksCache {
    return new SimpleJwksCache({ fetcher: this.fetcher });
  }

  /** Drops every JWKS once the oldest is too old (one pool per console: one URI in practice). */
  private expire(): void {
    const now = this.clock();
    if ([...this.loadedAt.values()].some((at) => now - at >= this.maxAgeMs)) {
      this.cache = this.fresh();
      this.loadedAt.clear();
    }
  }

  addJwks(jwksUri: string, jwks: Jwks): void {
    this.cache.addJwks(jwksUri, jwks);
    this.loadedAt.set(jwksUri, this.clock());
  }

  getJwks(jwksUri: string): Promise<Jwks> {
    this.expire();
    return this.cache.getJwks(jwksUri);
  }

  getCachedJwk(jwksUri: string, decomposedJwt: DecomposedJwt): JwkWithKid {
    this.expire();
    return this.cache.getCachedJwk(jwksUri, decomposedJwt);
  }

  getJwk(jwksUri: string, decomposedJwt: DecomposedJwt): Promise<JwkWithKid> {
    this.expire();
    return this.cache.getJwk(jwksUri, decomposedJwt);
  }
}
