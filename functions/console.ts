import type { APIGatewayProxyResult } from 'aws-lambda';
import { createConsoleAuthClients, createConsoleStores } from '../shared/composition/aws-console.ts';
import { cognitoAuth, cognitoSettingsFromEnv } from '../shared/console/auth/cognito.ts';
import { cognitoGlobalSignOut } from '../shared/console/auth/cognito-sign-out.ts';
import { SESSION_ONLY_TOKENS } from '../shared/console/auth/feedback-tokens.ts';
import { cognitoIdTokenVerifier } from '../shared/console/auth/id-token.ts';
import { ExpiringJwksCache } from '../shared/console/auth/jwks-cache.ts';
import { keySecretIdsFromEnv, secretsManagerKeys } from '../shared/console/auth/secrets-manager-keys.ts';
import { cognitoUserCheck } from '../shared/console/auth/user-check.ts';
import { handleConsoleRequest } from '../shared/console/router.ts';
import {
  type ApiGatewayEvent,
  fromApiGatewayEvent,
  toApiGatewayResult,
} from '../shared/console/server/api-gateway.ts';
import type { ConsoleDeps } from '../shared/console/types.ts';
import { ENV } from '../shared/deployment/environment-names.ts';
import { logger, tracer } from './powertools.ts';

let deps: ConsoleDeps | undefined;

/**
 * The console's adapters, once per cold start: the table and the report bucket of the composition,
 * and the Cognito sign-in. Its keys come from Secrets Manager and the pool's signing keys from its
 * JWKS, both cached for a bounded time; each request's user is checked with Cognito (at most once a
 * minute per user), and each session against the user's last logout (an item of the table).
 * Authentication is done here, not by an API Gateway JWT authorizer: a browser following a link
 * sends no bearer token, and the console's pages have no JavaScript to add one, so the session
 * travels in a cookie.
 */
function consoleDeps(): ConsoleDeps {
  if (deps) return deps;
  const { store, blobs, revocations } = createConsoleStores(process.env, (client) =>
    tracer.captureAWSv3Client(client),
  );
  // Always on in AWS: a missing setting throws instead of serving the console without sign-in.
  const settings = cognitoSettingsFromEnv(process.env, ENV.consoleUrl);
  const secretIds = keySecretIdsFromEnv(process.env);
  const { secrets, cognito } = createConsoleAuthClients((client) => tracer.captureAWSv3Client(client));
  deps = {
    store,
    blobs,
    now: () => new Date(),
    tokens: SESSION_ONLY_TOKENS,
    auth: cognitoAuth({
      settings,
      keys: secretsManagerKeys({ client: secrets, secretIds }),
      idTokens: cognitoIdTokenVerifier(settings, new ExpiringJwksCache()),
      checkUser: cognitoUserCheck({ client: cognito, userPoolId: settings.userPoolId }),
      signOut: {
        revocations,
        endCognitoSignIn: cognitoGlobalSignOut({ client: cognito, userPoolId: settings.userPoolId }),
      },
      onFailure: (reason) => logger.warn('console sign-in refused', { reason }),
    }),
    onSession: (session) => logger.appendKeys({ user: session.sub }),
    onError: (error) =>
      logger.error('console request failed', error instanceof Error ? error : String(error)),
  };
  return deps;
}

/** The web console behind API Gateway (HTTP API payload 2.0, or a REST API proxy integration). */
export async function handler(event: ApiGatewayEvent): Promise<APIGatewayProxyResult> {
  const request = fromApiGatewayEvent(event);
  logger.appendKeys({ method: request.method, path: request.path });
  try {
    return toApiGatewayResult(await handleConsoleRequest(request, consoleDeps()));
  } finally {
    logger.removeKeys(['method', 'path', 'user']);
  }
}
