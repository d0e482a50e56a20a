import { describe, expect, it } from 'vitest';
import { containsSecret, REDACTION_KINDS, redact } from '../../../shared/analysis/redact/index.ts';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('redact: one realistic log line per kind', () => {
  it.each([
    {
      name: 'a Python requests debug line with an Authorization header',
      line: "send: b'GET /v1/orders HTTP/1.1\\r\\nHost: api.example.com\\r\\nUser-Agent: python-requests/2.31.0\\r\\nAuthorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0\\r\\nAccept: */*\\r\\n\\r\\n'",
      expected:
        "send: b'GET /v1/orders HTTP/1.1\\r\\nHost: api.example.com\\r\\nUser-Agent: python-requests/2.31.0\\r\\nAuthorization: Bearer [REDACTED:bearer-token]\\r\\nAccept: */*\\r\\n\\r\\n'",
      findings: [{ kind: 'bearer-token', count: 1 }],
    },
    {
      name: 'a requests header dict with a bearer JWT',
      line: `DEBUG headers={'Accept': 'application/json', 'Authorization': 'Bearer ${JWT}'}`,
      expected:
        "DEBUG headers={'Accept': 'application/json', 'Authorization': 'Bearer [REDACTED:bearer-token]'}",
      findings: [{ kind: 'bearer-token', count: 1 }],
    },
    {
      name: 'a bearer JWT without an Authorization key',
      line: `upstream 401: metadata=[x-forwarded-auth: Bearer ${JWT}]`,
      expected: 'upstream 401: metadata=[x-forwarded-auth: Bearer [REDACTED:bearer-token]]',
      findings: [{ kind: 'bearer-token', count: 1 }],
    },
    {
      name: 'Basic credentials in an Authorization header',
      line: 'curl -H "Authorization: Basic YWRtaW46aHVudGVyMg==" https://api.example.com/health',
      expected: 'curl -H "Authorization: Basic [REDACTED:password]" https://api.example.com/health',
      findings: [{ kind: 'password', count: 1 }],
    },
    {
      name: 'a bare JWT in a message',
      line: `WARN token refresh failed for session ${JWT}: 401 Unauthorized`,
      expected: 'WARN token refresh failed for session [REDACTED:jwt]: 401 Unauthorized',
      findings: [{ kind: 'jwt', count: 1 }],
    },
    {
      name: 'a JDBC URL with a password',
      line: 'HikariPool-1 - Starting... jdbcUrl=jdbc:mysql://orders_app:S3cr3t!pw@db.internal:3306/orders?useSSL=true',
      expected:
        'HikariPool-1 - Starting... jdbcUrl=jdbc:mysql://orders_app:[REDACTED:password]@db.internal:3306/orders?useSSL=true',
      findings: [{ kind: 'password', count: 1 }],
    },
    {
      name: 'a JDBC URL with the password in its query string',
      line: 'connecting to jdbc:postgresql://db.internal:5432/orders?user=app&password=s3cret&ssl=true',
      expected:
        'connecting to jdbc:postgresql://db.internal:5432/orders?user=app&password=[REDACTED:password]&ssl=true',
      findings: [{ kind: 'password', count: 1 }],
    },
    {
      name: 'an Oracle thin JDBC URL',
      line: 'url=jdbc:oracle:thin:scott/tiger@db.internal:1521:ORCL',
      expected: 'url=jdbc:oracle:thin:scott/[REDACTED:password]@db.internal:1521:ORCL',
      findings: [{ kind: 'password', count: 1 }],
    },
    {
      name: 'a Redis URL with an empty user',
      line: 'REDIS_URL=redis://:p4ss@cache.internal:6379/0',
      expected: 'REDIS_URL=redis://:[REDACTED:password]@cache.internal:6379/0',
      findings: [{ kind: 'password', count: 1 }],
    },
    {
      name: 'a JSON log with "password":"hunter2"',
      line: '{"level":"info","msg":"login attempt","user":"bob","password":"hunter2","ts":1779621606224}',
      expected:
        '{"level":"info","msg":"login attempt","user":"bob","password":"[REDACTED:password]","ts":1779621606224}',
      findings: [{ kind: 'password', count: 1 }],
    },
    {
      name: 'a Stripe key in an error message',
      line: 'stripe.error.AuthenticationError: Invalid API Key provided: sk_live_51HqLyjWDarjtT1zdp7dc9aBcDeF',
      expected: 'stripe.error.AuthenticationError: Invalid API Key provided: [REDACTED:api-key]',
      findings: [{ kind: 'api-key', count: 1 }],
    },
    {
      name: 'GitHub, Slack and Google keys',
      line: 'tokens: ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8, xoxb-1234567890-0987654321-AbCdEfGhIj, AIzaSyA-1234567890abcdefghijklmnopqrstu',
      expected: 'tokens: [REDACTED:api-key], [REDACTED:api-key], [REDACTED:api-key]',
      findings: [{ kind: 'api-key', count: 3 }],
    },
    {
      name: 'AWS credentials in a shell trace',
      line: '+ export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      expected:
        '+ export AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key] AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]',
      findings: [
        { kind: 'aws-access-key', count: 1 },
        { kind: 'aws-secret-key', count: 1 },
      ],
    },
    {
      name: 'temporary AWS credentials in a JSON response',
      line: '{"Credentials":{"AccessKeyId":"ASIAY34FZKBOKMUTVV7A","SecretAccessKey":"Bu7aNdq0j1c7mY1TqQ9mPz4eX8rWvK2sHgLfDx3A","SessionToken":"FwoGZXIvYXdzEBYaDHqa0AP"}}',
      expected:
        '{"Credentials":{"AccessKeyId":"[REDACTED:aws-access-key]","SecretAccessKey":"[REDACTED:aws-secret-key]","SessionToken":"[REDACTED:token]"}}',
      findings: [
        { kind: 'aws-access-key', count: 1 },
        { kind: 'aws-secret-key', count: 1 },
        { kind: 'token', count: 1 },
      ],
    },
    {
      name: 'an AWS secret key after its key with only blanks between',
      line: 'aws_secret_access_key    wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY shared-credentials-file',
      expected: 'aws_secret_access_key    [REDACTED:aws-secret-key] shared-credentials-file',
      findings: [{ kind: 'aws-secret-key', count: 1 }],
    },
    {
      name: 'a PEM private key in a multi-line event',
      line: 'loaded key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naFDrBz9vFqU4yQ==\n-----END RSA PRIVATE KEY-----\nserver started',
      expected: 'loaded key:\n[REDACTED:private-key]\nserver started',
      findings: [{ kind: 'private-key', count: 1 }],
    },
    {
      name: 'a service-account JSON with an escaped PEM and an e-mail',
      line: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n","client_email":"svc@proj.iam.gserviceaccount.com"}',
      expected:
        '{"type":"service_account","private_key":"[REDACTED:private-key]\\n","client_email":"[REDACTED:email]"}',
      findings: [
        { kind: 'private-key', count: 1 },
        { kind: 'email', count: 1 },
      ],
    },
    {
      name: 'a card number in a payment payload, next to an order id that fails Luhn',
      line: '{"order_id":"4111111111111112","amount":4999,"card":{"number":"4242 4242 4242 4242","exp":"12/29"}}',
      expected:
        '{"order_id":"4111111111111112","amount":4999,"card":{"number":"[REDACTED:card-number]","exp":"12/29"}}',
      findings: [{ kind: 'card-number', count: 1 }],
    },
    {
      name: 'e-mail addresses',
      line: 'ERROR bounce for <bob.smith+ops@example.co.uk>; notify alice@example.com.',
      expected: 'ERROR bounce for <[REDACTED:email]>; notify [REDACTED:email].',
      findings: [{ kind: 'email', count: 2 }],
    },
  ])('$name', ({ line, expected, findings }) => {
    const result = redact(line);
    expect(result.text).toBe(expected);
    expect(result.findings).toEqual(findings);
    expect(redact(result.text).text).toBe(result.text);
  });
});

describe('redact: clean lines stay byte-for-byte', () => {
  it.each([
    '2026-05-24T11:20:06.224Z INFO [orders-api] GET /v1/orders/123 200 205ms',
    '{"level":"error","ts":1779621606224,"msg":"upstream timeout","latency_ms":5012}',
    'START RequestId: 7f3c9a1e-2b4d-4c8e-9f10-3a5b6c7d8e9f Version: $LATEST',
    'X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    'dd.trace_id=5241659385395935384 dd.span_id=1234567890123456789',
    'connection from db-primary:5432 refused at 12:34:56 (std::runtime_error)',
    'FATAL: password authentication failed for user "app"',
    'usage: input_tokens=1532 output_tokens=211 max_tokens=1024 token_count=7',
    '{"token_type":"Bearer","expires_in":3600}',
    'WWW-Authenticate: Bearer realm="orders", error="invalid_token"',
    'installed @aws-sdk/client-s3@3.500.0 and @types/node',
    'GET https://api.example.com:8443/v1/items?page=2 took 1.25 s',
    '  indented\ttabs\r\nand trailing spaces   ',
    '',
  ])('%j', (line) => {
    expect(redact(line)).toEqual({ text: line, findings: [] });
    expect(containsSecret(line)).toBe(false);
  });
});

describe('redact: counts and idempotence', () => {
  it('counts every masked span per kind, in REDACTION_KINDS order', () => {
    const line = `user=a@example.com password=one token=${JWT} cc=4111111111111111 other=b@example.com pwd=two`;
    const result = redact(line);
    expect(result.text).toBe(
      'user=[REDACTED:email] password=[REDACTED:password] token=[REDACTED:jwt] cc=[REDACTED:card-number] other=[REDACTED:email] pwd=[REDACTED:password]',
    );
    expect(result.findings).toEqual([
      { kind: 'jwt', count: 1 },
      { kind: 'password', count: 2 },
      { kind: 'card-number', count: 1 },
      { kind: 'email', count: 2 },
    ]);
  });

  it('leaves its own markers alone', () => {
    const once = redact('password=hunter2 "token":"abc" mail bob@example.com').text;
    expect(redact(once)).toEqual({ text: once, findings: [] });
    expect(containsSecret(once)).toBe(false);
  });

  it('containsSecret says whether redact would change the text', () => {
    expect(containsSecret('api_key=abc123')).toBe(true);
    expect(containsSecret('api_key=[REDACTED:api-key]')).toBe(false);
  });

  it('lists every kind once', () => {
    expect(new Set(REDACTION_KINDS).size).toBe(REDACTION_KINDS.length);
    expect(REDACTION_KINDS).toEqual(
      expect.arrayContaining([
        'aws-access-key',
        'aws-secret-key',
        'bearer-token',
        'jwt',
        'password',
        'api-key',
        'private-key',
        'card-number',
        'email',
      ]),
    );
  });
});
