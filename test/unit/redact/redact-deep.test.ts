import { describe, expect, it } from 'vitest';
import { redactDeep } from '../../../shared/analysis/redact/index.ts';

describe('redactDeep', () => {
  it('redacts every string of a nested value and sums the findings', () => {
    const input = {
      incident: 'inc-42',
      count: 3,
      resolved: false,
      owner: null,
      evidence: [
        { line: 'login failed for bob@example.com password=hunter2', at: 1779621606224 },
        { line: 'GET /health 200', at: 1779621606225 },
      ],
      request: {
        headers: { Authorization: 'Bearer 9f8e7d6c5b4a3928', Accept: 'application/json' },
        body: { username: 'bob', password: 'hunter2', apiKey: 'abc123', nextToken: '' },
      },
      tags: ['prod', 'contact alice@example.com'],
    };
    const { value, findings } = redactDeep(input);
    expect(value).toEqual({
      incident: 'inc-42',
      count: 3,
      resolved: false,
      owner: null,
      evidence: [
        { line: 'login failed for [REDACTED:email] password=[REDACTED:password]', at: 1779621606224 },
        { line: 'GET /health 200', at: 1779621606225 },
      ],
      request: {
        headers: { Authorization: 'Bearer [REDACTED:bearer-token]', Accept: 'application/json' },
        body: {
          username: 'bob',
          password: '[REDACTED:password]',
          apiKey: '[REDACTED:api-key]',
          nextToken: '',
        },
      },
      tags: ['prod', 'contact [REDACTED:email]'],
    });
    expect(findings).toEqual([
      { kind: 'bearer-token', count: 1 },
      { kind: 'password', count: 2 },
      { kind: 'api-key', count: 1 },
      { kind: 'email', count: 2 },
    ]);
  });

  it('returns a copy and leaves the input untouched', () => {
    const input = { a: { b: ['x@example.com'] } };
    const { value } = redactDeep(input);
    expect(value).not.toBe(input);
    expect(value.a).not.toBe(input.a);
    expect(input).toEqual({ a: { b: ['x@example.com'] } });
  });

  it('redacts keys and keeps a __proto__ key as data', () => {
    const input = JSON.parse('{"bob@example.com": 1, "__proto__": {"token": "abc"}}') as Record<
      string,
      unknown
    >;
    const { value, findings } = redactDeep(input);
    expect(Object.keys(value)).toEqual(['[REDACTED:email]', '__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ token: '[REDACTED:token]' });
    expect(findings).toEqual([
      { kind: 'token', count: 1 },
      { kind: 'email', count: 1 },
    ]);
  });

  it('passes primitives through and redacts a bare string', () => {
    expect(redactDeep(42)).toEqual({ value: 42, findings: [] });
    expect(redactDeep(undefined)).toEqual({ value: undefined, findings: [] });
    expect(redactDeep('AKIAIOSFODNN7EXAMPLE')).toEqual({
      value: '[REDACTED:aws-access-key]',
      findings: [{ kind: 'aws-access-key', count: 1 }],
    });
  });
});
