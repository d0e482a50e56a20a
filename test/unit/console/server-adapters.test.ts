import { request } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromApiGatewayEvent, toApiGatewayResult } from '../../../shared/console/server/api-gateway.ts';
import { hmacFeedbackTokens } from '../../../shared/console/server/feedback-tokens.ts';
import {
  MAX_FORM_BYTES,
  type RunningConsole,
  startConsoleServer,
} from '../../../shared/console/server/http-server.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { addReport, consoleDeps } from './console-fakes.ts';

describe('the feedback tokens', () => {
  const tokens = hmacFeedbackTokens('0123456789abcdef-secret');

  it('are an HMAC of the incident id: stable, per incident, per secret', () => {
    const token = tokens.issue('INC-0000000a');

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.issue('INC-0000000a')).toBe(token);
    expect(tokens.verify('INC-0000000a', token)).toBe(true);
    expect(tokens.verify('INC-0000000b', token)).toBe(false);
    expect(tokens.verify('INC-0000000a', `${token.slice(0, -1)}A`)).toBe(token.endsWith('A'));
    expect(tokens.verify('INC-0000000a', '')).toBe(false);
    expect(hmacFeedbackTokens('another secret, long enough').verify('INC-0000000a', token)).toBe(false);
  });

  it('need a secret of some length', () => {
    expect(() => hmacFeedbackTokens('short')).toThrow(/at least 16/);
  });
});

describe('API Gateway events', () => {
  it('reads an HTTP API (payload 2.0) request, base64 form body included', () => {
    const event = {
      version: '2.0',
      rawPath: '/incidents/INC-0000000a/feedback',
      rawQueryString: 'a=1&a=2&b=%3Cx%3E',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      requestContext: { http: { method: 'POST' } },
      body: Buffer.from('verdict=confirmed&token=t%2B1&note=caf%C3%A9').toString('base64'),
      isBase64Encoded: true,
    } as unknown as APIGatewayProxyEventV2;

    expect(fromApiGatewayEvent(event)).toEqual({
      method: 'POST',
      path: '/incidents/INC-0000000a/feedback',
      query: { a: '1', b: '<x>' },
      form: { verdict: 'confirmed', token: 't+1', note: 'café' },
    });
  });

  it('reads the cookies: payload 2.0 `cookies`, payload 1.0 `Cookie` header', () => {
    const v2 = {
      version: '2.0',
      rawPath: '/',
      rawQueryString: '',
      headers: {},
      cookies: ['__Host-incidentiq-session=abc.def', 'other=1'],
      requestContext: { http: { method: 'GET' } },
    } as unknown as APIGatewayProxyEventV2;
    const v1 = {
      httpMethod: 'GET',
      path: '/',
      queryStringParameters: null,
      headers: { Cookie: '__Host-incidentiq-session=abc.def; other=1' },
      body: null,
    } as unknown as APIGatewayProxyEvent;

    for (const event of [v2, v1]) {
      expect(fromApiGatewayEvent(event).cookies).toEqual({
        '__Host-incidentiq-session': 'abc.def',
        other: '1',
      });
    }
  });

  it('reads a REST API proxy (payload 1.0) request', () => {
    const event = {
      httpMethod: 'GET',
      path: '/',
      queryStringParameters: { class: 'disk_full' },
      headers: {},
      body: null,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEvent;

    expect(fromApiGatewayEvent(event)).toEqual({ method: 'GET', path: '/', query: { class: 'disk_full' } });
  });

  it('answers with the status, headers and body', () => {
    expect(toApiGatewayResult({ status: 303, headers: { location: '/' }, body: '' })).toEqual({
      statusCode: 303,
      headers: { location: '/' },
      body: '',
    });
  });
});

describe('the node:http console server', () => {
  let server: RunningConsole;

  beforeAll(async () => {
    const deps = consoleDeps();
    await addReport(deps, d02Report());
    server = await startConsoleServer(deps, { port: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  const send = (options: { method?: string; path?: string; host?: string; body?: string }) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: options.method ?? 'GET',
          path: options.path ?? '/',
          headers: {
            host: options.host ?? `127.0.0.1:${server.port}`,
            ...(options.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
          },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });

  it('listens on 127.0.0.1 and serves the pages', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const res = await send({ path: '/incidents/INC-0a59a8a9' });

    expect(res.status).toBe(200);
    expect(res.body).toContain(d02Report().title);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const res = await send({ host: `evil.example:${server.port}` });

    expect(res.status).toBe(421);
  });

  it('refuses form bodies over the limit', async () => {
    const res = await send({
      method: 'POST',
      path: '/incidents/INC-0a59a8a9/feedback',
      body: `note=${'x'.repeat(MAX_FORM_BYTES)}`,
    });

    expect(res.status).toBe(413);
  });

  it('passes a posted form to the router', async () => {
    const res = await send({
      method: 'POST',
      path: '/incidents/INC-0a59a8a9/feedback',
      body: 'verdict=confirmed',
    });

    expect(res.status).toBe(403);
  });
});
