import { describe, expect, it } from 'vitest';
import {
  dimensionsOfSeriesKey,
  withDimensions,
} from '../../../shared/analysis/report-build/evidence-values.ts';
import { fillCommand } from '../../../shared/analysis/report-build/fill-commands.ts';
import { proseFlaw, proseFlaws } from '../../../shared/analysis/report-build/prose-check.ts';
import { whyAnswerText } from '../../../shared/domain/five-whys.ts';
import { parseReport } from '../../../shared/domain/report.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { FAILURES, ledgerReport } from './ledger-incident.ts';

const report = ledgerReport();

describe('the report of an escalating incident', () => {
  it('tells its phases from the series: first signal, degraded (504s), down (503s), recovered', () => {
    expect(report.phases?.map((p) => p.kind)).toEqual(['first-signal', 'degraded', 'down', 'recovered']);
    const [, degraded, down, recovered] = report.phases ?? [];
    // Each phase begins with its first failing line, to the millisecond its event carries (the
    // access line itself says only the second).
    expect(degraded).toMatchObject({
      start: '2026-02-11T10:22:00.500Z',
      failures: FAILURES.gateway504,
      service: 'edge-proxy',
    });
    expect(degraded?.summary).toContain('504');
    expect(down).toMatchObject({
      start: '2026-02-11T10:27:00.700Z',
      durationSeconds: 359,
      failures: FAILURES.gateway503,
    });
    expect(down?.summary).toContain('503');
    expect(recovered?.start).toBe('2026-02-11T10:33:00.000Z');
  });

  it('states the impact: how long failing, how long down, how many requests failed and with which status', () => {
    const impact = report.impact;
    expect(impact).toMatchObject({
      failedRequests: FAILURES.gateway504 + FAILURES.gateway503,
      counted: 'requests',
      degradedSeconds: 660,
      downSeconds: 359,
    });
    expect(impact?.text).toContain('120 × 503, 50 × 504');
    expect(report.executiveSummary).toContain(impact?.text ?? '<none>');
  });

  it('puts every kill of the root signal and each phase change in the timeline', () => {
    const titles = report.timeline.map((t) => `${t.service}: ${t.title}`);
    expect(titles).toContain('ledger-api: The root signal again in ledger-api: 3rd of 3');
    expect(titles.some((t) => t.startsWith('edge-proxy: Down:'))).toBe(true);
    expect(titles.some((t) => t.startsWith('edge-proxy: Recovered:'))).toBe(true);
  });

  it('fills commands from the evidence: the namespace and twice the logged memory limit', () => {
    const commands = report.fixRecommendations.map((f) => f.command ?? '').join('\n');
    expect(commands).toContain('kubectl rollout undo deployment/ledger-api -n billing');
    expect(commands).toContain('--requests=memory=512Mi --limits=memory=1024Mi');
    expect(commands).not.toContain('<namespace>');
  });

  it('quotes real lines in prose: no template wildcard outside the patterns table', () => {
    const { evidence, ...rest } = report;
    expect(JSON.stringify(rest)).not.toContain('<*>');
    expect(evidence.patterns.some((p) => p.template.includes('<*>'))).toBe(true);
    expect(report.rootCause.summary).toContain('memory limit 512Mi');
    expect(report.rootCauseLine?.text).toContain('OOMKilled');
  });

  it("carries the feature the root service's own lines name most into the cause", () => {
    expect(report.rootCause.summary).toMatch(/logs invoice the most/);
  });

  it('keeps the series behind each picture, agreeing with the counts', () => {
    const overview = report.charts?.find((c) => c.id === 'error-lines');
    expect(overview?.series.map((s) => s.label)).toEqual(['ledger-api', 'edge-proxy']);
    const edge = overview?.series.find((s) => s.label === 'edge-proxy');
    expect(edge?.points.reduce((n, p) => n + p.value, 0)).toBe(FAILURES.gateway504 + FAILURES.gateway503);
    expect(overview?.markers.map((m) => m.kind)).toEqual([
      'trigger',
      'first-signal',
      'alarm',
      'down',
      'recovered',
    ]);
    const perService = report.charts?.find((c) => c.id === 'errors-edge-proxy');
    expect(perService?.series.map((s) => s.label).sort()).toEqual(['HTTP 503', 'HTTP 504']);
  });

  it('passes every self-check and the schema', () => {
    expect(report.quality.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.quality.checks.map((c) => c.name)).toContain('prose-clean');
    expect(parseReport(report).ok).toBe(true);
  });
});

describe('placeholders the evidence cannot answer', () => {
  const facts = {
    values: {},
    alarmName: 'a',
    alarmAt: Date.parse('2026-01-01T10:00:00Z'),
    windowStart: Date.parse('2026-01-01T09:00:00Z'),
    windowEnd: Date.parse('2026-01-01T10:10:00Z'),
  };

  it('stay placeholders, named in a comment after the command', () => {
    const out = fillCommand('kubectl scale deployment/x -n <namespace> --replicas=<replicas>', facts);
    expect(out).toBe(
      'kubectl scale deployment/x -n <namespace> --replicas=<replicas>\n# Fill in <namespace>, <replicas>: the logs do not say them.',
    );
  });

  it('are filled from the alarm and the windows when those answer them', () => {
    const out = fillCommand(
      'aws cloudwatch describe-alarm-history --alarm-name <alarm-name> --start-date <start> --end-date <end>',
      facts,
    );
    expect(out).toBe(
      'aws cloudwatch describe-alarm-history --alarm-name a --start-date 2026-01-01T09:00:00Z --end-date 2026-01-01T10:10:00Z',
    );
  });

  it('fill a memory size only beside memory, never a CPU limit', () => {
    const out = fillCommand('kubectl set resources deployment/x --limits=cpu=<new-limit>', {
      ...facts,
      values: { memoryLimit: '256Mi', namespace: 'prod' },
    });
    expect(out).toContain('--limits=cpu=<new-limit>');
    expect(out).toContain('# Fill in <new-limit>');
  });
});

describe('values from metric dimensions', () => {
  it('fill what the logs left unsaid, the logs winning, and build a queue URL where the alarm lives', () => {
    const values = withDimensions(
      { namespace: 'from-logs' },
      [
        { ClusterName: 'payments-prod', Namespace: 'from-metrics', QueueName: 'settle-jobs' },
        dimensionsOfSeriesKey('AWS/AutoScaling|GroupInServiceInstances|AutoScalingGroupName=web-asg|Average'),
      ],
      { region: 'eu-central-1', account: '123456789012' },
    );
    expect(values).toEqual({
      namespace: 'from-logs',
      cluster: 'payments-prod',
      queueUrl: 'https://sqs.eu-central-1.amazonaws.com/123456789012/settle-jobs',
      autoScalingGroup: 'web-asg',
    });
  });

  it('ignore a dimension value that could not be a name', () => {
    expect(withDimensions({}, [{ ClusterName: 'a b; rm -rf /' }])).toEqual({});
  });
});

describe('the prose self-check', () => {
  it('reads a why as rendered: "Because" once, whether the answer has it or not', () => {
    expect(whyAnswerText('Because the pool was empty.')).toBe('Because the pool was empty.');
    expect(whyAnswerText('The pool was empty.')).toBe('Because the pool was empty.');
    expect(whyAnswerText('because because x')).toBe('Because because x');
    expect(whyAnswerText('OOMKilled pods lost state.')).toBe('Because OOMKilled pods lost state.');
  });

  it('finds a doubled word and an empty sentence, but not in quoted lines', () => {
    expect(proseFlaw('Because because the cache grew.')).toBe('"because because"');
    expect(proseFlaw('It failed. . Then it recovered.')).toMatch(/empty sentence/);
    expect(proseFlaw('The signal (“”) repeated.')).toBe('an empty quote');
    expect(proseFlaw('It failed () twice.')).toMatch(/empty sentence/);
    expect(proseFlaw('Its logs show “retry retry failed” again.')).toBeNull();
    expect(proseFlaw('It waited... then failed.')).toBeNull();
    expect(proseFlaw('Its logs show “Container <*> was OOMKilled”.')).toBe(
      'a template (<*>) where a real line belongs',
    );
  });

  it('would have caught the doubled "Because" of the old whys', () => {
    const r = d02Report();
    const first = r.fiveWhys[0];
    if (!first) throw new Error('no why');
    first.answer = 'Because because the heap grew.';
    expect(proseFlaws(r)).toEqual(['why #1: "because because"']);
  });
});

describe('reports written before the pictures', () => {
  it('stay valid without the optional fields', () => {
    expect(parseReport(d02Report()).ok).toBe(true);
  });

  it('are rejected when an optional field is malformed', () => {
    const r = {
      ...d02Report(),
      charts: [{ id: 'BAD ID', kind: 'pie', title: 't', unit: 'u', series: [], markers: [] }],
    };
    expect(parseReport(r).ok).toBe(false);
  });
});
