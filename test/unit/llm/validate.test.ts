import { describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/domain/report.ts';
import { indexEvidence } from '../../../shared/llm/evidence-index.ts';
import { looksLikeServiceName } from '../../../shared/llm/grounding.ts';
import { type FieldIssue, validateAnswer } from '../../../shared/llm/validate.ts';
import type { ModelResponse } from '../../../shared/ports/model-client.ts';
import { d02Report, toolInputOf } from './helpers.ts';

function validate(input: unknown, report: Report = d02Report(), extra: Partial<ModelResponse> = {}) {
  const response: ModelResponse = {
    toolInput: input,
    stopReason: 'tool_use',
    usage: { inputTokens: 1, outputTokens: 1 },
    latencyMs: 1,
    ...extra,
  };
  return validateAnswer(response, {
    report,
    index: indexEvidence(report),
    timelineIndexes: [0, 1, 2, 3, 4, 5],
  });
}

/** The good answer with `field` set to `value`. */
function goodWith(field: string, value: unknown) {
  return { ...toolInputOf('good'), [field]: value };
}

const problemsOf = (issues: FieldIssue[], field: string) =>
  issues.filter((i) => i.field === field).map((i) => i.problem);

describe('validateAnswer: schema', () => {
  it('accepts the recorded good answer whole', () => {
    const { valid, issues } = validate(toolInputOf('good'));
    expect(issues).toStrictEqual([]);
    expect(Object.keys(valid).sort()).toStrictEqual(
      [
        'counterfactual',
        'executiveSummary',
        'fiveWhys',
        'fixRecommendations',
        'rootCause',
        'severityReason',
        'systemicRootCause',
        'timeline',
      ].sort(),
    );
  });

  it('rejects only the field that breaks the schema', () => {
    const { valid, issues } = validate(goodWith('fiveWhys', [{ question: 'Why?', answer: 'Because.' }]));
    expect(valid.fiveWhys).toBeUndefined();
    expect(valid.executiveSummary).toBeDefined();
    expect(problemsOf(issues, 'fiveWhys')[0]).toMatch(/>=5 items|5 items/);
  });

  it('rejects fixes ranked out of order and reports a missing field', () => {
    const answer = goodWith('fixRecommendations', [
      {
        rank: 2,
        title: 'Roll back payment-service',
        rationale: 'It began after the deploy.',
        action: 'Undo the rollout.',
      },
    ]);
    delete (answer as Record<string, unknown>).counterfactual;
    const { issues } = validate(answer);
    expect(problemsOf(issues, 'fixRecommendations')[0]).toMatch(/ranked 1\.\.1/);
    expect(problemsOf(issues, 'counterfactual')).toStrictEqual(['is missing']);
  });

  it('ignores, and records, fields that are facts', () => {
    const { valid, issues } = validate({ ...toolInputOf('good'), severity: 'P4', faultClass: 'dns_failure' });
    expect(valid.executiveSummary).toBeDefined();
    expect(issues).toStrictEqual([
      { field: 'severity', problem: expect.stringContaining('facts are fixed'), rejected: false },
      { field: 'faultClass', problem: expect.stringContaining('facts are fixed'), rejected: false },
    ]);
  });

  it('rejects a timeline entry the prompt did not show or names twice', () => {
    const { valid, issues } = validate(
      goodWith('timeline', [
        { index: 1, title: 'First heap warning', detail: 'Heap pressure begins.' },
        { index: 1, title: 'Again', detail: 'Twice.' },
        { index: 9, title: 'Beyond the end', detail: 'No such entry.' },
      ]),
    );
    expect(valid.timeline?.map((t) => t.index)).toStrictEqual([1]);
    expect(problemsOf(issues, 'timeline[1]')).toStrictEqual(['retitles the same entry twice']);
    expect(problemsOf(issues, 'timeline[9]')).toStrictEqual(['retitles an entry the prompt did not show']);
  });
});

describe('validateAnswer: grounding', () => {
  it.each([
    ['inventory-service', true],
    ['orders-api', true],
    ['billing_worker', true],
    ['users-db', true],
    ['session-cache', true],
    ['redis-master', true],
    ['per-service', false],
    ['out-of-memory', false],
    ['production-like', false],
  ])('treats %s as a service name: %s', (name, expected) => {
    expect(looksLikeServiceName(name)).toBe(expected);
  });

  it('flags a service no log mentions and accepts names the evidence holds', () => {
    const bad = validate(
      goodWith('systemicRootCause', 'payment-service and orders-api share one unbounded cache.'),
    );
    expect(problemsOf(bad.issues, 'systemicRootCause')).toStrictEqual([
      'names "orders-api", which no log or finding mentions',
    ]);
    const pod = validate(
      goodWith('systemicRootCause', 'The pod payment-service-5c8f8-xj2p was killed at its limit.'),
    );
    expect(pod.issues).toStrictEqual([]);
  });

  it('accepts verbatim quotes, of a line, a JSON message or a template instance, and rejects invented ones', () => {
    const ok = [
      'The gateway logged "GET /checkout/pay HTTP/1.1" 504s.',
      'payment-service warned "POST /payments slow: 3432ms (p99 budget 2500ms)".',
      'Kubernetes reported “Container payment-service in pod <*> was OOMKilled (exit code <*>, memory limit <*>)”.',
      'payment-service logged "heap usage 12345Ki of 262144Ki limit, gc pause 99ms".',
    ];
    for (const text of ok) expect(validate(goodWith('counterfactual', text)).issues).toStrictEqual([]);
    const invented = validate(
      goodWith(
        'counterfactual',
        'payment-service logged "coupon cache grew to 2 million entries" before dying.',
      ),
    );
    expect(problemsOf(invented.issues, 'counterfactual')[0]).toMatch(
      /^quotes "coupon cache grew to 2 million entries", which is not verbatim/,
    );
  });

  it('accepts times of the timeline and flags others', () => {
    expect(
      validate(goodWith('counterfactual', 'From 14:34 UTC to 14:44:00 UTC payment-service degraded.')).issues,
    ).toStrictEqual([]);
    const wrong = validate(
      goodWith('counterfactual', 'At 13:05:00 UTC, and at 2026-04-08T14:50:00Z, payment-service degraded.'),
    );
    expect(problemsOf(wrong.issues, 'counterfactual')).toStrictEqual([
      'mentions the time 2026-04-08T14:50:00, which is not in the timeline or the evidence',
      'mentions the time 13:05:00, which is not in the timeline or the evidence',
    ]);
  });
});

describe('validateAnswer: consistency with the findings', () => {
  it('rejects another severity anywhere', () => {
    const { issues } = validate(
      goodWith('counterfactual', 'This SEV2 would have been avoided in payment-service.'),
    );
    expect(problemsOf(issues, 'counterfactual')[0]).toMatch(/states severity SEV2, but the severity is P1/);
  });

  it('rejects a summary that names another class or another root service', () => {
    const { issues } = validate(
      goodWith('rootCause', {
        summary: 'A DNS failure in checkout-gateway is the root cause; payment-service only suffered.',
      }),
    );
    const problems = problemsOf(issues, 'rootCause');
    expect(problems).toContain('calls it "DNS failure", but the class is Memory exhaustion');
    expect(problems.some((p) => p.startsWith('names checkout-gateway as the root cause'))).toBe(true);
  });

  it('accepts a summary that mentions a symptom service before the root cause', () => {
    const { issues } = validate(
      goodWith(
        'executiveSummary',
        "The root cause of checkout-gateway's 504s is memory exhaustion in payment-service (confidence 78%).",
      ),
    );
    expect(issues).toStrictEqual([]);
  });

  it('rejects a fault-class id anywhere, and another confidence in the executive summary', () => {
    const ids = validate(
      goodWith('systemicRootCause', 'payment-service shows connection_pool_exhaustion patterns.'),
    );
    expect(problemsOf(ids.issues, 'systemicRootCause')[0]).toMatch(
      /names the fault class connection_pool_exhaustion/,
    );
    const pct = validate(
      goodWith('executiveSummary', 'Memory exhaustion in payment-service (confidence 95%).'),
    );
    expect(problemsOf(pct.issues, 'executiveSummary')).toStrictEqual([
      'states 95%, but the confidence is 78%',
    ]);
  });

  it('allows the trigger to be called a bad deployment when a release set the fault off', () => {
    const { issues } = validate(
      goodWith('rootCause', {
        summary: 'Memory exhaustion in payment-service, set off by a bad deployment of 2.4.1.',
      }),
    );
    expect(issues).toStrictEqual([]);
  });

  it('rejects a root-cause claim in an inconclusive report', () => {
    const report = d02Report();
    report.inconclusive = true;
    report.rootCause = { ...report.rootCause, service: null, faultClass: 'unknown' };
    const { issues } = validate(
      goodWith('rootCause', { summary: 'The root cause is payment-service running out of memory.' }),
      report,
    );
    expect(problemsOf(issues, 'rootCause')).toContain(
      'names payment-service as the root cause of an inconclusive analysis',
    );
  });

  it('rejects whys that repeat a question or an answer', () => {
    const whys = (toolInputOf('good').fiveWhys as { question: string; answer: string }[]).map((w) => ({
      ...w,
    }));
    const [first, second] = whys;
    if (first && second) second.question = `${first.question.toUpperCase()}!`;
    const { issues } = validate(goodWith('fiveWhys', whys));
    expect(problemsOf(issues, 'fiveWhys')).toStrictEqual(['why #2 repeats the question of why #1']);
  });
});

describe('validateAnswer: answers that are not a tool call', () => {
  it.each([
    [{ text: 'Here it is.' }, 'answered with text instead of calling write_incident_narrative'],
    [{ toolInput: '{"executiveSummary": "cut', stopReason: 'tool_use' as const }, 'not a JSON object'],
    [
      { toolInput: { executiveSummary: 'x' }, stopReason: 'max_tokens' as const },
      'cut at the output token limit',
    ],
  ])('rejects the whole answer: %j', (extra, problem) => {
    const { valid, issues } = validate(undefined, d02Report(), extra);
    expect(valid).toStrictEqual({});
    expect(issues).toHaveLength(1);
    expect(issues[0]?.problem).toContain(problem);
  });
});
