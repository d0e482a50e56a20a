import type { APIGatewayProxyResult } from 'aws-lambda';
import { ENV } from '../shared/composition/environment.ts';
import { cognitoAuth, cognitoSettingsFromEnv } from '../shared/console/auth/cognito.ts';
import { handleConsoleRequest } from '../shared/console/router.ts';
import {
  type ApiGatewayEvent,
  fromApiGatewayEvent,
  toApiGatewayResult,
} from '../shared/console/server/api-gateway.ts';
import { CONSOLE_TOKEN_SECRET_ENV, hmacFeedbackTokens } from '../shared/console/server/feedback-tokens.ts';
import type { ConsoleDeps } from '../shared/console/types.ts';
import { aws, logger } from './runtime.ts';

let deps: ConsoleDeps | undefined;

/**
 * The console's adapters, once per cold start: the table and the report bucket of the composition,
 * and the Cognito sign-in (its JWKS cache lives as long as these deps). Authentication is done here,
 * not by an API Gateway JWT authorizer: a browser following a link sends no bearer token, and the
 * console's pages have no JavaScript to add one, so the session travels in a cookie.
 */
function consoleDeps(): ConsoleDeps {
  if (deps) return deps;
  const secret = process.env[CONSOLE_TOKEN_SECRET_ENV];
  if (!secret) throw new Error(`environment variable ${CONSOLE_TOKEN_SECRET_ENV} is not set`);
  const { store, blobs } = aws().deps;
  deps = {
    store,
    blobs,
    now: () => new Date(),
    tokens: hmacFeedbackTokens(secret),
    // Always on in AWS: a missing setting throws instead of serving the console without sign-in.
    auth: cognitoAuth({
      settings: cognitoSettingsFromEnv(process.env, ENV.consoleUrl),
      secret,
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
