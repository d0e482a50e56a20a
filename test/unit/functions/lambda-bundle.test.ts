import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleLambda } from '../../../infra/constructs/bundle-lambda.ts';
import { aliasArgs, inlineSchemaKeys, LAMBDA_ALIASES } from '../../../infra/constructs/lambda-bundling.ts';
import { defaultProvider } from '../../../shared/composition/lambda-credentials.ts';
import { ENV } from '../../../shared/deployment/index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLIENT_FIXTURE = fileURLToPath(new URL('./fixtures/client-credentials.ts', import.meta.url));
const LAMBDA_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIDFROMLAMBDAENV',
  AWS_SECRET_ACCESS_KEY: 'secret-from-lambda-env',
  AWS_SESSION_TOKEN: 'token-from-lambda-env',
};

let work: string;
/** A home whose ~/.aws/credentials names a default profile: the full chain would answer from it. */
let home: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'iq-lambda-bundle-'));
  home = join(work, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(
    join(home, '.aws', 'credentials'),
    '[default]\naws_access_key_id = AKIDFROMPROFILEFILE\naws_secret_access_key = profile-secret\n',
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function bundle(entry: string, name: string): Promise<{ file: string; inputs: string[] }> {
  const file = join(work, name, 'index.mjs');
  const metafile = await bundleLambda(entry, file);
  return { file, inputs: Object.keys(metafile.inputs) };
}

/** Only what a child needs: no credentials of the machine running the tests leak in. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, AWS_REGION: 'us-east-1', ...extra };
}

function runBundle(
  file: string,
  env: Record<string, string>,
): { ok: boolean; accessKeyId?: string; message?: string } {
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8', env: childEnv(env) });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim()) as { ok: boolean; accessKeyId?: string; message?: string };
}

describe('the Lambda credentials (fromEnv in place of the default chain)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('resolves the credentials Lambda puts in the environment', async () => {
    for (const [key, value] of Object.entries(LAMBDA_CREDENTIALS)) vi.stubEnv(key, value);
    const credentials = await defaultProvider()();
    expect(credentials).toMatchObject({
      accessKeyId: 'AKIDFROMLAMBDAENV',
      secretAccessKey: 'secret-from-lambda-env',
      sessionToken: 'token-from-lambda-env',
    });
  });

  it('fails with a clear error when the environment holds none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
  });

  it('is what the Lambda bundling puts in place of @aws-sdk/credential-provider-node', () => {
    expect(LAMBDA_ALIASES['@aws-sdk/credential-provider-node']).toBe(
      join(ROOT, 'shared/composition/lambda-credentials.ts'),
    );
    // NodejsFunction renders each entry as --alias:<entry>, esbuild's own flag.
    expect(aliasArgs({ a: '/x/a.ts', '@s/b': '/y/b.ts' })).toEqual({
      '--alias': ['a=/x/a.ts', '@s/b=/y/b.ts'],
    });
  });
});

describe('a client bundled with the Lambda options', () => {
  let file: string;
  let inputs: string[];
  beforeAll(async () => {
    ({ file, inputs } = await bundle(CLIENT_FIXTURE, 'client'));
  });

  it('leaves the default chain and its nested clients out of the bundle', () => {
    expect(inputs).toContain('shared/composition/lambda-credentials.ts');
    const chain = inputs.filter((f) =>
      /@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|login)|nested-clients|token-providers)\//.test(
        f,
      ),
    );
    expect(chain).toEqual([]);
  });

  it("resolves the environment's credentials when run", () => {
    expect(runBundle(file, LAMBDA_CREDENTIALS)).toEqual({ ok: true, accessKeyId: 'AKIDFROMLAMBDAENV' });
  });

  it('reads no profile file: without environment credentials it fails, where the full chain would not', () => {
    const result = runBundle(file, {});
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/environment variable credentials/);
  });

  it('the same fixture unbundled keeps the default chain (the CLI, the tests): it reads the profile file', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.js'), CLIENT_FIXTURE], {
      encoding: 'utf8',
      env: childEnv({}),
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ ok: true, accessKeyId: 'AKIDFROMPROFILEFILE' });
  });
});

/**
 * Imports a step's bundle in a fresh node, points its S3 client at a local server that answers
 * every request NoSuchKey, invokes the handler once and prints the Authorization header it sent.
 */
const INVOKE_SCRIPT = `
import { createServer } from 'node:http';
const seen = [];
const server = createServer((req, res) => {
  seen.push(req.headers.authorization ?? '');
  res.writeHead(404, { 'content-type': 'application/xml' });
  res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:' + server.address().port;
const { handler } = await import(process.argv[2]);
const context = { functionName: 'iq', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:iq',
  memoryLimitInMB: '512', awsRequestId: 'req-1', logGroupName: 'g', logStreamName: 's', getRemainingTimeInMillis: () => 30000 };
let error = null;
try {
  await handler(JSON.parse(process.argv[3]), context);
} catch (e) {
  error = e.name;
}
server.close();
console.log('RESULT ' + JSON.stringify({ seen, error }));
`;

describe('a step function bundled with the Lambda options', () => {
  it('loads, and its SDK client signs its requests with the credentials of the environment', async () => {
    const { file, inputs } = await bundle(join(ROOT, 'functions/analyze.ts'), 'analyze');
    expect(inputs.filter((f) => f.includes('@aws-sdk/credential-provider-node/'))).toEqual([]);
    // The S3 schemas of the operations it calls are in; those of operations it never calls are not.
    const code = readFileSync(file, 'utf8');
    expect(code).toContain('"/{Key+}?x-id=GetObject"');
    expect(code).not.toContain('"/?website"');
    const script = join(work, 'invoke.mjs');
    writeFileSync(script, INVOKE_SCRIPT);
    const state = {
      incidentId: 'inc-bundle-1',
      alarmKey: 'incidents/inc-bundle-1/alarm.json',
      eventsKey: 'e',
    };
    const run = await runChild(
      [script, pathToFileURL(file).href, JSON.stringify(state)],
      childEnv({
        ...LAMBDA_CREDENTIALS,
        [ENV.reportBucket]: 'bundle-test-bucket',
        [ENV.topicArn]: 'arn:aws:sns:us-east-1:123456789012:iq',
        [ENV.incidentTable]: 'incidents',
        POWERTOOLS_DEV: 'true',
        POWERTOOLS_TRACE_ENABLED: 'false',
      }),
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, run.stderr).toBeDefined();
    const result = JSON.parse((line ?? '').slice('RESULT '.length)) as {
      seen: string[];
      error: string | null;
    };
    expect(result.seen.length).toBeGreaterThan(0);
    for (const authorization of result.seen) {
      expect(authorization).toContain('Credential=AKIDFROMLAMBDAENV/');
    }
    // The alarm is missing from the stand-in bucket: the step fails, as it would in Lambda.
    expect(result.error).not.toBeNull();
  });
});

/** A child node run without blocking the event loop (the bundle's import takes a while). */
function runChild(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });
}

describe('the SDK schema modules, keys inlined', () => {
  const schemaModule = [
    'const _h = "http";',
    'const _e = "er\\"ror";',
    'export var A$ = [9, n0, "A", { [_h]: ["GET", "/a", 200], [_e]: _c, [_unknown]: 1 }, () => B$];',
    'const pick = flag ? table[_h]: other;',
  ].join('\n');

  it('writes each computed key that names a string constant as that string, and leaves the rest', () => {
    expect(inlineSchemaKeys(schemaModule).split('\n').slice(2)).toEqual([
      'export var A$ = [9, n0, "A", { ["http"]: ["GET", "/a", 200], ["er\\"ror"]: _c, [_unknown]: 1 }, () => B$];',
      // Anywhere else the constant is the same value: a member access stays the same access.
      'const pick = flag ? table["http"]: other;',
    ]);
  });

  it('builds the same objects', () => {
    const evaluate = (source: string) =>
      new Function(
        'n0',
        '_c',
        '_unknown',
        'B$',
        'flag',
        'table',
        'other',
        `${source.replaceAll('export ', '')}; return [A$, pick];`,
      )('ns', 'client', 'k', null, true, { http: 'H' }, 'O') as unknown;
    // Compared as JSON: each evaluation makes its own `() => B$`.
    expect(JSON.stringify(evaluate(inlineSchemaKeys(schemaModule)))).toBe(
      JSON.stringify(evaluate(schemaModule)),
    );
  });

  it('leaves a module without such keys unchanged', () => {
    const plain = 'const _x = "y";\nexport const a = { x: _x };';
    expect(inlineSchemaKeys(plain)).toBe(plain);
  });
});
