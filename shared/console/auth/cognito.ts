import {
  createHmac,
  createPublicKey,
  type JsonWebKey,
  randomBytes,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { checkIdTokenClaims, decodeJwt } from './id-token.ts';
import type { CognitoSettings, ConsoleAuth, Signer, SignInResult } from './types.ts';
import { issuerOf, jwksUrlOf, redirectUriOf, tokenUrlOf } from './urls.ts';

/**
 * The server side of the console's sign-in, the only file of `auth/` with crypto and network:
 * the HMAC signer, the nonces, the code exchange at Cognito's token endpoint, and the ID token's
 * RS256 signature checked against the pool's JWKS.
 */

/** The environment variables of the console Lambda (set by `infra/constructs/console.ts`). */
export const CONSOLE_AUTH_ENV = {
  domainUrl: 'CONSOLE_AUTH_DOMAIN_URL',
  clientId: 'CONSOLE_AUTH_CLIENT_ID',
  userPoolId: 'CONSOLE_AUTH_USER_POOL_ID',
  region: 'CONSOLE_AUTH_REGION',
} as const;

/** Cognito answers in well under a second; a stuck call must not use up API Gateway's 30 s. */
const FETCH_TIMEOUT_MS = 5_000;
/** An unknown `kid` refetches the JWKS (Cognito rotated its keys), at most this often. */
const JWKS_REFETCH_MS = 5 * 60_000;

export function hmacSigner(secret: string | Buffer): Signer {
  if (secret.length < 16) throw new Error('the console secret must have at least 16 characters');
  const sign = (text: string): string => createHmac('sha256', secret).update(text).digest('base64url');
  return {
    sign,
    verify(text: string, signature: string): boolean {
      const expected = Buffer.from(sign(text));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

interface Jwk extends JsonWebKey {
  kid?: string;
}

export interface CognitoAuthOptions {
  settings: CognitoSettings;
  secret: string | Buffer;
  /** The network (tests pass a fake token endpoint and JWKS). */
  fetch?: typeof fetch;
  /** The clock of the JWKS cache (ms). */
  clock?: () => number;
  onFailure?: (reason: string) => void;
}

export function cognitoAuth(options: CognitoAuthOptions): ConsoleAuth {
  const { settings } = options;
  const fetchImpl = options.fetch ?? fetch;
  const clock = options.clock ?? Date.now;
  const issuer = issuerOf(settings);
  // Fetched once per cold start (the auth object lives as long as the Lambda's deps).
  let jwks: { keys: Jwk[]; fetchedAt: number } | undefined;

  async function loadKeys(): Promise<Jwk[]> {
    const res = await fetchImpl(jwksUrlOf(settings), { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`JWKS ${jwksUrlOf(settings)} answered ${res.status}`);
    const body = (await res.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('JWKS without keys');
    jwks = { keys: body.keys as Jwk[], fetchedAt: clock() };
    return jwks.keys;
  }

  async function keyFor(kid: string): Promise<Jwk | undefined> {
    const keys = jwks?.keys ?? (await loadKeys());
    const found = keys.find((k) => k.kid === kid);
    if (found || (jwks && clock() - jwks.fetchedAt < JWKS_REFETCH_MS)) return found;
    return (await loadKeys()).find((k) => k.kid === kid);
  }

  async function verifyIdToken(token: string, now: Date): Promise<SignInResult> {
    const jwt = decodeJwt(token);
    if (!jwt) return { ok: false, reason: 'ID token is not a JWT' };
    const { alg, kid } = jwt.header;
    if (alg !== 'RS256' || typeof kid !== 'string')
      return { ok: false, reason: `ID token alg ${String(alg)}` };
    const jwk = await keyFor(kid);
    if (jwk?.kty !== 'RSA') return { ok: false, reason: `no RSA key ${kid} in the pool's JWKS` };
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    if (!verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature))
      return { ok: false, reason: 'ID token signature does not verify' };
    return checkIdTokenClaims(jwt.claims, { issuer, clientId: settings.clientId }, now);
  }

  return {
    settings,
    signer: hmacSigner(options.secret),
    nonce: () => randomBytes(24).toString('base64url'),
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    async signIn(code: string, now: Date): Promise<SignInResult> {
      // A public client: the code, the client id and the same redirect URI, no client secret.
      const res = await fetchImpl(tokenUrlOf(settings), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: settings.clientId,
          code,
          redirect_uri: redirectUriOf(settings),
        }).toString(),
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!res.ok) return { ok: false, reason: `token endpoint answered ${res.status}` };
      const body = (await res.json()) as { id_token?: unknown };
      if (typeof body.id_token !== 'string')
        return { ok: false, reason: 'no ID token from the token endpoint' };
      return verifyIdToken(body.id_token, now);
    },
  };
}

/** The settings from the console Lambda's environment; a missing one is an error (never run open). */
export function cognitoSettingsFromEnv(
  env: Record<string, string | undefined>,
  consoleUrlName: string,
): CognitoSettings {
  const read = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set`);
    return value.replace(/\/+$/, '');
  };
  return {
    domainUrl: read(CONSOLE_AUTH_ENV.domainUrl),
    clientId: read(CONSOLE_AUTH_ENV.clientId),
    userPoolId: read(CONSOLE_AUTH_ENV.userPoolId),
    region: read(CONSOLE_AUTH_ENV.region),
    consoleUrl: read(consoleUrlName),
  };
}
