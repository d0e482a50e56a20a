import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { parseCookies } from '../auth/cookies.ts';
import type { ConsoleRequest, ConsoleResponse } from '../types.ts';
import { decodePath, firstValues } from './params.ts';

export type ApiGatewayEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

const isHttpApi = (event: ApiGatewayEvent): event is APIGatewayProxyEventV2 =>
  (event as APIGatewayProxyEventV2).version === '2.0';

function header(headers: Record<string, string | undefined> | null, name: string): string {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1] ?? '';
}

/**
 * An API Gateway event as a console request: HTTP API (payload 2.0) or REST API proxy (1.0). The
 * REST API's `path` is the resource path, without the stage, as the console's links expect.
 */
export function fromApiGatewayEvent(event: ApiGatewayEvent): ConsoleRequest {
  const v2 = isHttpApi(event);
  const method = v2 ? event.requestContext.http.method : event.httpMethod;
  const path = v2 ? event.rawPath : event.path;
  const query = v2
    ? firstValues(new URLSearchParams(event.rawQueryString))
    : Object.fromEntries(
        Object.entries(event.queryStringParameters ?? {}).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
  const isForm = header(event.headers, 'content-type').startsWith('application/x-www-form-urlencoded');
  const body = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  const form = method === 'POST' && isForm ? firstValues(new URLSearchParams(body)) : undefined;
  // Payload 2.0 moves the Cookie header into `cookies`; 1.0 keeps the header.
  const cookieHeader = [...(v2 ? (event.cookies ?? []) : []), header(event.headers, 'cookie')]
    .filter(Boolean)
    .join('; ');
  const cookies = cookieHeader ? parseCookies(cookieHeader) : undefined;
  return {
    method,
    path: decodePath(path),
    query,
    ...(form ? { form } : {}),
    ...(cookies ? { cookies } : {}),
  };
}

/** The console's response as a Lambda proxy result (both payload versions accept this shape). */
export function toApiGatewayResult(response: ConsoleResponse): APIGatewayProxyResult {
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
