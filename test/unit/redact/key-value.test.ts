import { describe, expect, it } from 'vitest';
import { redact } from '../../../shared/analysis/redact/index.ts';

const text = (line: string) => redact(line).text;

describe('secrets under a key', () => {
  it.each([
    ['password=hunter2 user=bob', 'password=[REDACTED:password] user=bob'],
    ['PASSWORD = hunter2', 'PASSWORD = [REDACTED:password]'],
    ['db_password: "hunter 2" next', 'db_password: "[REDACTED:password]" next'],
    ["{'passwd': 'hunter2', 'pwd': 'x'}", "{'passwd': '[REDACTED:password]', 'pwd': '[REDACTED:password]'}"],
    ['"Secret": "s3cr3t"', '"Secret": "[REDACTED:password]"'],
    ['client_secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'client_secret=[REDACTED:password]'],
    ['secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'secret=[REDACTED:aws-secret-key]'],
    ['secretAccessKey=tooShort', 'secretAccessKey=[REDACTED:password]'],
    ['x-api-key: 3f9a7c', 'x-api-key: [REDACTED:api-key]'],
    ['"apiKey":"3f9a7c","apikey":"9b"', '"apiKey":"[REDACTED:api-key]","apikey":"[REDACTED:api-key]"'],
    [
      'access_token=ya29.a0Af&refresh_token=1//0g',
      'access_token=[REDACTED:token]&refresh_token=[REDACTED:token]',
    ],
    ['X-Amz-Security-Token: FwoGZXIvYXdz', 'X-Amz-Security-Token: [REDACTED:token]'],
    ['private_key=abc123', 'private_key=[REDACTED:private-key]'],
    ['Server=db;UID=sa;PWD=Pa55;Encrypt=yes', 'Server=db;UID=sa;PWD=[REDACTED:password];Encrypt=yes'],
    ['<Password>hunter2</Password>', '<Password>[REDACTED:password]</Password>'],
    ['{\\"password\\":\\"hunter2\\",\\"n\\":1}', '{\\"password\\":\\"[REDACTED:password]\\",\\"n\\":1}'],
    ['{"password":"a \\"quoted\\" pass","n":1}', '{"password":"[REDACTED:password]","n":1}'],
    [':password => "hunter2"', ':password => "[REDACTED:password]"'],
    ['password="unterminated\nnext line', 'password="[REDACTED:password]\nnext line'],
  ])('%j', (line, expected) => {
    expect(text(line)).toBe(expected);
  });

  it.each([
    'password_hash=5f4dcc3b password_reset=true',
    'tokenizer=bpe secretsmanager=enabled',
    'private_key_id=8c2d9f',
    'password= token=',
    '"password": null, "token": "", "secret": "********"',
    'if (password == expected) return',
    'secret::Store::open',
    'token://local',
  ])('not a secret value: %j', (line) => {
    expect(text(line)).toBe(line);
  });
});
