import { describe, expect, it } from 'vitest';
import {
  evaluateMetricMath,
  type MathInput,
  type MathPoint,
  parseMetricMath,
} from '../../../shared/analysis/telemetry/metric-math.ts';

const MIN = 60_000;
/** Points one minute apart from t = 0; `null` leaves a gap. */
function pts(...values: (number | null)[]): MathPoint[] {
  return values.flatMap((value, i) => (value === null ? [] : [{ at: i * MIN, value }]));
}

const INPUTS = new Map<string, MathInput>([
  ['errors', { points: pts(1, 2, 0, 4) }],
  ['requests', { points: pts(10, 0, 5, 8) }],
  ['gappy', { points: pts(3, null, null, 9) }],
]);

function values(expression: string, inputs: ReadonlyMap<string, MathInput> = INPUTS) {
  const out = evaluateMetricMath(expression, inputs);
  if (!out.ok) throw new Error(out.reason);
  return out.points.map((p) => p.value);
}

function reason(expression: string, inputs: ReadonlyMap<string, MathInput> = INPUTS): string {
  const out = evaluateMetricMath(expression, inputs);
  if (out.ok) throw new Error(`evaluated: ${JSON.stringify(out.points)}`);
  return out.reason;
}

describe('metric math, evaluated on series aligned by timestamp', () => {
  it('applies each arithmetic operator point by point, numbers to every point, with precedence', () => {
    expect(values('errors + requests')).toEqual([11, 2, 5, 12]);
    expect(values('requests - errors')).toEqual([9, -2, 5, 4]);
    expect(values('errors * 2 + 1')).toEqual([3, 5, 1, 9]);
    expect(values('2 * (errors + 1)')).toEqual([4, 6, 2, 10]);
    expect(values('errors ^ 2')).toEqual([1, 4, 0, 16]);
    expect(values('-errors')).toEqual([-1, -2, -0, -4]);
  });

  it('leaves out a division by zero and counts it', () => {
    const out = evaluateMetricMath('100 * errors / requests', INPUTS);
    expect(out).toEqual({
      ok: true,
      points: [
        { at: 0, value: 10 },
        { at: 2 * MIN, value: 0 },
        { at: 3 * MIN, value: 50 },
      ],
      dropped: 1,
    });
  });

  it('combines two series only where both have a point', () => {
    const out = evaluateMetricMath('errors + gappy', INPUTS);
    expect(out.ok && out.points).toEqual([
      { at: 0, value: 4 },
      { at: 3 * MIN, value: 13 },
    ]);
  });

  it('fills the gaps of a series with a number, the last value, or a straight line', () => {
    expect(values('FILL(gappy, 0)')).toEqual([3, 0, 0, 9]);
    expect(values('FILL(gappy, REPEAT)')).toEqual([3, 3, 3, 9]);
    expect(values('FILL(gappy, LINEAR)')).toEqual([3, 5, 7, 9]);
    expect(values('errors + FILL(gappy, 0)')).toEqual([4, 2, 0, 13]);
  });

  it('compares, joins conditions and chooses with IF', () => {
    expect(values('errors > 1')).toEqual([0, 1, 0, 1]);
    expect(values('errors >= 2 && requests != 0')).toEqual([0, 0, 0, 1]);
    expect(values('errors == 0 OR requests < 6')).toEqual([0, 1, 1, 0]);
    expect(values('IF(requests > 0, errors / requests, 0)')).toEqual([0.1, 0, 0, 0.5]);
    // Without an else, the points where the condition fails are left out.
    expect(values('IF(errors, requests)')).toEqual([10, 0, 8]);
  });

  it('reduces a list of series point by point, and one series to a number', () => {
    expect(values('SUM([errors, requests])')).toEqual([11, 2, 5, 12]);
    expect(values('AVG([errors, gappy])')).toEqual([2, 2, 0, 6.5]);
    expect(values('MAX([errors, requests, 3])')).toEqual([10, 3, 5, 8]);
    expect(values('MIN([errors, requests])')).toEqual([1, 0, 0, 4]);
    expect(values('errors - AVG(errors)')).toEqual([-0.75, 0.25, -1.75, 2.25]);
    expect(reason('SUM(errors)')).toMatch(/single number/);
  });

  it('takes absolute values, differences and rates per second', () => {
    expect(values('ABS(requests - 2 * errors)')).toEqual([8, 4, 5, 0]);
    expect(values('DIFF(errors)')).toEqual([1, -2, 4]);
    expect(values('RATE(requests)')).toEqual([-10 / 60, 5 / 60, 3 / 60]);
  });

  it('evaluates expressions that name other expressions, and refuses a cycle', () => {
    const inputs = new Map<string, MathInput>([
      ...INPUTS,
      ['ratio', { expression: 'errors / requests' }],
      ['loop', { expression: 'loop + 1' }],
    ]);
    expect(values('ratio * 100', inputs)).toEqual([10, 0, 50]);
    expect(reason('loop * 2', inputs)).toMatch(/refers to itself/);
  });

  it('says why it cannot evaluate what it does not support', () => {
    expect(reason('SUM(METRICS())')).toMatch(/function METRICS is not evaluated/);
    expect(reason("SEARCH('{AWS/EC2,InstanceId} CPUUtilization', 'Average', 300)")).toMatch(/quoted text/);
    expect(reason('ANOMALY_DETECTION_BAND(errors, 2)')).toMatch(/ANOMALY_DETECTION_BAND/);
    expect(reason('INSIGHT_RULE_METRIC(rule, UniqueContributors)')).toMatch(/INSIGHT_RULE_METRIC/);
    expect(reason('latency * 2')).toMatch(/latency names no query/);
    expect(reason('errors > requests > 1 + ABS()')).toMatch(/ABS takes 1/);
  });

  it('refuses bad syntax with a reason, never throws', () => {
    for (const bad of [
      '',
      'errors +',
      '(errors',
      'errors)',
      'errors requests',
      'errors # 2',
      '[errors',
      'FILL(errors,',
      '1..2',
    ]) {
      const parsed = parseMetricMath(bad);
      expect(parsed.ok, bad).toBe(false);
      expect(evaluateMetricMath(bad, INPUTS).ok).toBe(false);
    }
    expect(parseMetricMath('100*errors/requests').ok).toBe(true);
  });

  it('stays bounded on a depth bomb, a long chain and a huge expression', () => {
    expect(reason(`${'('.repeat(200)}errors${')'.repeat(200)}`)).toMatch(/nested more than/);
    expect(reason(`${'-'.repeat(300)}errors`)).toMatch(/nested more than/);
    expect(reason(`${'ABS('.repeat(100)}errors${')'.repeat(100)}`)).toMatch(/nested more than/);
    expect(reason(Array.from({ length: 300 }, () => '1').join('+'))).toMatch(/tokens/);
    expect(reason(`errors + ${'1'.repeat(5000)}`)).toMatch(/longer than/);
    // Sixty additions in a row are a chain, not a nesting: they evaluate.
    expect(values(Array.from({ length: 60 }, () => 'errors').join(' + '))).toEqual([60, 120, 0, 240]);
  });
});

describe('metric math reasons', () => {
  it('quote no raw text of the expression, only names and code points', () => {
    expect(reason('errors \u202e <script>')).toMatch(/U\+202E/);
    expect(reason(`${'x'.repeat(200)} + 1`)).toMatch(/^x{64}\.\.\. names no query/);
  });
});
