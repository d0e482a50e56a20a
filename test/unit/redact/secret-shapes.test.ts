import { describe, expect, it } from 'vitest';
import { containsSecret, redact } from '../../../shared/analysis/redact/index.ts';

/*
 * Every shape issue #14 lists, written here in our own words: each line must lose the secret (the
 * `secret` part never survives, not even in part) and keep what is not secret around it.
 */
const shapes: { name: string; line: string; secret: string; kind: string }[] = [
  {
    name: 'a Slack webhook URL',
    line: 'notify via https://hooks.slack.com/services/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 failed',
    secret: 'q9Wc2LrT5vYb8NnJ4kHs6Ue0',
    kind: 'webhook-url',
  },
  {
    name: 'a Stripe webhook secret',
    line: 'STRIPE whsec_7hG2kLm9Qp4Rt8Vx1Zb3Nc6Df0Aa',
    secret: '7hG2kLm9Qp4Rt8Vx1Zb3Nc6Df0Aa',
    kind: 'api-key',
  },
  {
    name: 'an npm token',
    line: 'npm ERR! using npm_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9',
    secret: 'Q2w3E4r5T6y7U8i9O0p1',
    kind: 'api-key',
  },
  {
    name: 'a GitLab token with no capital',
    line: 'git clone with glpat-abcdefghij0123456789',
    secret: 'abcdefghij0123456789',
    kind: 'api-key',
  },
  {
    name: 'a SendGrid key',
    line: 'mailer key 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',
    secret: 'dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1h',
    kind: 'api-key',
  },
  {
    name: 'an Azure storage connection string',
    line: 'DefaultEndpointsProtocol=https;AccountName=ordersdata;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==;EndpointSuffix=core.windows.net',
    secret: 'Zm9vYmFyYmF6cXV4',
    kind: 'api-key',
  },
  {
    name: 'an Azure SAS signature',
    line: 'GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sig=kT8%2Bq9WmL2xYz0AbCdEfGh%3D 403',
    secret: 'kT8%2Bq9WmL2xYz0AbCdEfGh',
    kind: 'signature',
  },
  {
    name: 'a Cookie header',
    line: 'Cookie: sessionid=8f2kd9s0al3m; csrftoken=Wq01x',
    secret: '8f2kd9s0al3m',
    kind: 'cookie',
  },
  {
    name: 'a Set-Cookie header in a JSON string',
    line: '{"headers":{"set-cookie":"sid=s%3Ab7Qx92LkPz.AbC; Path=/; HttpOnly"}}',
    secret: 'b7Qx92LkPz',
    kind: 'cookie',
  },
  {
    name: 'a presigned S3 URL signature',
    line: 'fetch https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=9c1f3e5a7b9d0e2f4a6c8e0b2d4f6a8c0e2a4c6e8b0d2f4a6c8e0a2c4e6b8d0f2 done',
    secret: '9c1f3e5a7b9d0e2f4a6c8e0b2d4f',
    kind: 'signature',
  },
  {
    name: 'a Vault token',
    line: 'vault login hvs.CAESIJmT3Lq8xWz0pY5rN2vK7bH',
    secret: 'CAESIJmT3Lq8xWz0pY5rN2vK7bH',
    kind: 'api-key',
  },
  {
    name: 'a Hugging Face token',
    line: 'HF hub auth hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
    secret: 'aBcDeFgHiJkLmNoPqRsTuVwXyZ',
    kind: 'api-key',
  },
  {
    name: 'a Twilio account Sid',
    line: 'twilio AC0123456789abcdef0123456789abcdef sms sent',
    secret: '0123456789abcdef0123456789abcdef',
    kind: 'api-key',
  },
  {
    name: 'a Twilio API key',
    line: 'twilio key SKfedcba9876543210fedcba9876543210',
    secret: 'fedcba9876543210fedcba9876543210',
    kind: 'api-key',
  },
  { name: 'pass=', line: 'ftp login user=deploy pass=Tr0ub4dor', secret: 'Tr0ub4dor', kind: 'password' },
  {
    name: 'mysql -pSECRET',
    line: 'exec mysql -u root -phunter2x orders',
    secret: 'hunter2x',
    kind: 'password',
  },
  {
    name: '--password SECRET',
    line: 'running pg_dump --password s3cr3tPw --host db',
    secret: 's3cr3tPw',
    kind: 'password',
  },
  {
    name: 'a Go DSN',
    line: 'open db app:pa55w0rd@tcp(db.internal:3306)/orders failed',
    secret: 'pa55w0rd',
    kind: 'password',
  },
  {
    name: 'Authorization: Token',
    line: 'Authorization: Token 1f2e3d4c5b6a79880716f5e4',
    secret: '1f2e3d4c5b6a79880716f5e4',
    kind: 'token',
  },
  {
    name: 'an access key glued after _',
    line: 'env_AKIAQWERTYUIOPASDFGH set',
    secret: 'QWERTYUIOPASDFGH',
    kind: 'aws-access-key',
  },
  {
    name: 'a GitHub token glued after -',
    line: 'token-ghp_abcdefghijklmnopqrstuvwxyz0123456789 used',
    secret: 'abcdefghijklmnopqrstuvwxyz',
    kind: 'api-key',
  },
  {
    name: 'a URL password with a slash',
    line: 'connect postgres://app:s3cr/et@db.example.com:5432/orders',
    secret: 's3cr/et',
    kind: 'password',
  },
  {
    name: 'an IBAN',
    line: 'refund to DE89 3704 0044 0532 0130 00 queued',
    secret: '3704 0044 0532',
    kind: 'iban',
  },
  {
    name: 'a compact IBAN',
    line: 'payout GB82WEST12345698765432 ok',
    secret: 'WEST12345698765432',
    kind: 'iban',
  },
  { name: 'a US SSN', line: 'kyc check ssn 123-45-6789 passed', secret: '123-45-6789', kind: 'national-id' },
  {
    name: 'a UK National Insurance number',
    line: 'nino AB123456C verified',
    secret: 'AB123456C',
    kind: 'national-id',
  },
  {
    name: 'an international phone number',
    line: 'sms to +44 20 7946 0958 queued',
    secret: '7946 0958',
    kind: 'phone',
  },
  {
    name: 'a phone under a phone key',
    line: '{"phone":"415-555-0132","name":"x"}',
    secret: '415-555-0132',
    kind: 'phone',
  },
  {
    name: 'a public IP address',
    line: 'login from 203.0.113.77 accepted',
    secret: '203.0.113.77',
    kind: 'ip-address',
  },
  {
    name: 'an unknown token in a key/value position (entropy)',
    line: 'x_client_credential=Zq8Lm3Rt7Wx1Ky5Pb9Nc2Vd6Hf4Gs0Aj accepted',
    secret: 'Zq8Lm3Rt7Wx1Ky5Pb9Nc2Vd6Hf4Gs0Aj',
    kind: 'token',
  },
];

describe('secret and personal-data shapes', () => {
  it.each(shapes)('$name', ({ line, secret, kind }) => {
    const result = redact(line);
    expect(result.text).not.toContain(secret);
    expect(result.text).toContain(`[REDACTED:${kind}]`);
    expect(containsSecret(result.text)).toBe(false);
    expect(redact(result.text).text).toBe(result.text);
  });

  it.each([
    'cache miss for key coupon:c5f3002b ttl=199s',
    'connection to orders-api:8367 failed: ECONNREFUSED orders-db:7424',
    'START RequestId: 79d104ed-fc75-5173-1584-aff1edbd7ced Version: $LATEST',
    'job 03847118-4a05-74ff-b4d5-a706b6c26b2d finished in 83.641 seconds',
    'bypass=cache design=v2 signal=TERM',
    'ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput',
    'GET https://api.example.com:8443/v1/items?mail=a1 took 1.25 s',
    'released v1.2.3.4 on 2026-05-24 11:20:06',
    // An API name with its version date (Lambda's CloudTrail event names): words and numbers, not drawn characters.
    '{"eventName":"UpdateFunctionConfiguration20150331v2","readOnly":false}',
    'action=PublishLayerVersion20181031v3 done',
    // An ARN's resource type is no key: what follows `:secret:` is the secret's name, not its value.
    '{"secret_arn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payouts/bank-api-key-Xy12Ab"}',
  ])('keeps %j', (line) => {
    expect(redact(line).text).toBe(line);
  });
});
