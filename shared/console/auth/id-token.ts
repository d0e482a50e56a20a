import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { MAX_SESSION_SECONDS } from './session.ts';
import type { CognitoSettings, SignInResult } from './types.ts';

/** Clock difference tolerated between Cognito and the Lambda. */
export const CLOCK_SKEW_SECONDS = 60;
/** The token endpoint has just issued the token: an older one is a replay. */
export const MAX_TOKEN_AGE_SECONDS = 5 * 60;

/** Checks aws-jwt-verify leaves to the caller: `exp` and `sub` present, `iat` recent and not in the future, a verified e-mail. */
function checkClaims(payload: JwtPayload, nowSeconds: number): void {
  const { iat, exp, sub } = payload;
  // aws-jwt-verify checks exp only when it is there.
  if (typeof exp !== 'number') throw new Error('ID token without exp');
  if (typeof sub !== 'string' || sub === '') throw new Error('ID token without sub');
  if (typeof iat !== 'number') throw new Error('ID token without iat');
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new Error('ID token issued in the future');
  if (iat < nowSeconds - MAX_TOKEN_AGE_SECONDS) throw new Error('ID token issued too long ago');
  const verified = payload.email_verified;
  if (verified !== true && verified !== 'true') throw new Error('e-mail address not verified');
  if (typeof payload.email !== 'string' || payload.email === '') throw new Error('ID token without email');
  if (typeof payload['cognito:username'] !== 'string') throw new Error('ID token without cognito:username');
}

export interface IdTokenVerifier {
  /** The session an ID token starts, if aws-jwt-verify and the checks above accept it; `id` names the sign-in. */
  verify(token: string, now: Date, id: string): Promise<SignInResult>;
}

/**
 * A Cognito ID token verified by aws-jwt-verify: RS256 signature under a key of the pool's JWKS,
 * issuer (this pool), audience (this app client), `token_use` id, `exp` and `nbf` (with
 * `CLOCK_SKEW_SECONDS` of grace); then `iat` and `email_verified`. The session ends with the token,
 * at most `MAX_SESSION_SECONDS` after its issue.
 */
export function cognitoIdTokenVerifier(settings: CognitoSettings, jwksCache: JwksCache): IdTokenVerifier {
  const verifier = CognitoJwtVerifier.create(
    {
      userPoolId: settings.userPoolId,
      clientId: settings.clientId,
      tokenUse: 'id',
      graceSeconds: CLOCK_SKEW_SECONDS,
    },
    { jwksCache },
  );
  return {
    async verify(token, now, id) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      let payload: JwtPayload;
      try {
        payload = await verifier.verify(token, {
          customJwtCheck: ({ payload: claims }) => checkClaims(claims, nowSeconds),
        });
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      const { sub, email, exp } = payload as JwtPayload & { sub: string; email: string; exp: number };
      const issuedAt = Math.min(payload.iat ?? nowSeconds, nowSeconds);
      return {
        ok: true,
        session: {
          id,
          sub,
          username: String(payload['cognito:username']),
          email,
          issuedAt,
          expiresAt: Math.min(exp, issuedAt + MAX_SESSION_SECONDS),
        },
      };
    },
  };
}
