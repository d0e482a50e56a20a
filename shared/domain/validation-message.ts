import type { z } from 'zod';

/** How many issues a message lists before summarising the rest. */
const MAX_LISTED_ISSUES = 12;

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'string')
    return JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input);
  if (typeof input === 'object') return 'an object';
  return String(input);
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${path} is missing (expected ${issue.expected})`;
  }
  if (issue.code === 'invalid_type') {
    return `${path} must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, got ${describeInput(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    const expected = issue.values.map((v) => JSON.stringify(v)).join(' or ');
    return `${path} must be ${expected}, got ${describeInput(issue.input)}`;
  }
  return `${path}: ${issue.message}`;
}

/**
 * One readable line from a zod error: `<subject>: a.b is missing (expected string); c[0].d: ...`.
 * Parse with `{ reportInput: true }` so messages can quote the offending value.
 */
export function formatIssues(subject: string, error: z.ZodError): string {
  const listed = error.issues.slice(0, MAX_LISTED_ISSUES).map(formatIssue);
  const rest = error.issues.length - listed.length;
  return `${subject}: ${listed.join('; ')}${rest > 0 ? `; and ${rest} more issue(s)` : ''}`;
}
