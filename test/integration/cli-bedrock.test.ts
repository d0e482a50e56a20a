import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/domain/report.ts';
import { runCli } from './cli-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GOOD = JSON.parse(
  readFileSync(join(ROOT, 'test/fixtures/bedrock/example-answer.json'), 'utf8'),
) as Record<string, unknown>;

let server: Http2Server;
let port = 0;
const paths: string[] = [];

beforeAll(async () => {
  // A Bedrock Runtime stand-in on loopback: every Converse call gets a good answer written for the bundled example.
  server = createServer((req, res) => {
    paths.push(decodeURIComponent(req.url ?? ''));
    req.resume();
    req.on('end', () => {
      const { $metadata: _, ...body } = GOOD;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const cliEnv = (): Record<string, string> => ({
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: `http://127.0.0.1:${port}`,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
});

describe('incidentiq analyze --synthesizer bedrock', () => {
  it('has Bedrock write the narrative through the standard endpoint configuration, facts unchanged', async () => {
    const home = mkdtempSync(join(tmpdir(), 'incidentiq-bedrock-'));
    const result = await runCli(
      [
        'analyze',
        'examples/itinerary-render-cache-leak',
        '--json',
        '--synthesizer',
        'bedrock',
        '--home',
        home,
      ],
      cliEnv(),
    );
    rmSync(home, { recursive: true, force: true });
    expect(result.code).toBe(0);
    expect(paths.some((p) => p === '/model/amazon.nova-pro-v1:0/converse')).toBe(true);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.model.provider).toBe('bedrock');
    expect(report.model.modelId).toBe('amazon.nova-pro-v1:0');
    expect(report.model.inputTokens).toBeGreaterThan(0);
    expect(report.rootCause).toMatchObject({ service: 'itinerary-service', faultClass: 'memory_exhaustion' });
    expect(report.severity).toBe('P1');
  });
});
