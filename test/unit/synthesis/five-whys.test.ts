import { describe, expect, it } from 'vitest';
import { proseFlaw } from '../../../shared/analysis/report-build/prose-check.ts';
import { fiveWhys } from '../../../shared/analysis/synthesis/index.ts';
import { fiveWhysSchema, whyAnswerText } from '../../../shared/domain/five-whys.ts';
import {
  CLASSES,
  DECOYS,
  d02,
  deployOf,
  inconclusive,
  inputFor,
  namesIn,
  pdfNeighbour,
  tariffLoad,
} from './inputs.ts';

const CASES = [
  ...CLASSES.flatMap((cls) => {
    const input = inputFor(cls, 'ecs');
    return [
      [`${cls}`, input],
      [`${cls} after a deploy`, { ...input, trigger: deployOf(input.rootService ?? '') }],
    ] as const;
  }),
  ['a load that spent a database', tariffLoad] as const,
  ["a task that crowded another service's host", pdfNeighbour] as const,
];

describe('fiveWhys', () => {
  it.each(CASES)('gives five distinct whys that pass the report schema: %s', (_name, input) => {
    const whys = fiveWhys(input);
    expect(fiveWhysSchema.safeParse(whys).success).toBe(true);
    expect(whys).toHaveLength(5);
    expect(new Set(whys.map((w) => w.question)).size).toBe(5);
    const text = JSON.stringify(whys).replace(/“[^”]*”/g, '');
    expect(text).not.toMatch(/undefined|null|\[object|NaN/);
    for (const decoy of DECOYS.filter((d) => !namesIn(input).has(d))) expect(text).not.toContain(decoy);
  });

  it.each(CASES)('starts at the symptom and asks each why about the previous answer: %s', (_name, input) => {
    const [first, second] = fiveWhys(input);
    const root = input.rootService ?? '';
    expect(first?.question).toMatch(/alarm/);
    for (const a of input.affected) expect(first?.question).toContain(a.service);
    expect(first?.answer).toContain(root);
    // The second question repeats the state the first answer gave.
    const state = /was (.+?): (?:its logs|the logs of \S+) show/.exec(first?.answer ?? '')?.[1] ?? '<none>';
    expect(second?.question).toBe(`Why was ${root} ${state}?`);
  });

  it.each(CASES)(
    'reads cleanly as rendered ("Because" once, no doubled word, no empty sentence): %s',
    (_n, input) => {
      for (const w of fiveWhys(input)) {
        const read = `${w.question} ${whyAnswerText(w.answer)}`;
        expect(read).not.toMatch(/\bbecause\s+because\b/i);
        // These inputs still quote templates as their signal; the whys' own wording is what is checked here.
        expect(proseFlaw(read.replaceAll('<*>', 'x'))).toBeNull();
      }
    },
  );

  it('uses the trigger when one preceded the fault', () => {
    for (const cls of CLASSES) {
      const input = inputFor(cls, 'kubernetes');
      const whys = fiveWhys({ ...input, trigger: deployOf(input.rootService ?? '') });
      expect(JSON.stringify(whys), cls).toMatch(/7\.3\.0/);
    }
  });

  it('tells the d02 story: OOM, growth after 2.4.1, unbounded memory, no soak test, design', () => {
    const whys = fiveWhys(d02);
    expect(whys[0]?.answer).toContain('payment-service was running out of memory');
    expect(whys[0]?.answer).toContain('checkout-gateway');
    expect(whys[1]?.answer).toContain('version 2.4.1');
    expect(whys[2]?.question).toContain('after version 2.4.1');
    expect(whys[2]?.answer).toMatch(/cache/);
    expect(whys[3]?.answer).toMatch(/production-like load/);
    expect(whys[4]?.answer).toMatch(/soak|regression/);
  });

  it('tells a load that spent a database as that, quoting the line of the service that logged it', () => {
    const whys = fiveWhys(tariffLoad);
    expect(whys[0]?.answer).toContain('tariff-rebuild was taking more of rates-db than it could give');
    expect(whys[0]?.answer).toContain('the logs of quote-api show');
    expect(whys[0]?.answer).toContain('quote-api and renewals, which need rates-db too, failed in turn');
    expect(whys[1]?.answer).toContain("rates-db spent its time on tariff-rebuild's statements");
    expect(JSON.stringify(whys)).not.toMatch(/CPU|too slow to answer/);
  });

  it("tells a noisy neighbour as the task that took its host's resources from the service beside it", () => {
    const whys = fiveWhys(pdfNeighbour);
    expect(whys[0]?.answer).toContain(
      'pdf-renderer was taking the resources of the host it shared with quote-api',
    );
    expect(whys[0]?.answer).toContain(
      'quote-api, whose task ran beside it, ran short and failed, and web-front with it',
    );
    expect(whys[1]?.answer).toContain('reserved no CPU');
    expect(JSON.stringify(whys)).not.toMatch(/replicas|demand for CPU exceeded/);
  });

  it('says honestly, when inconclusive, that the evidence names no cause and what would', () => {
    for (const input of [
      inconclusive,
      { ...inconclusive, affected: [{ service: 'orders-api', role: 'api' as const }], errorCount: 12 },
    ]) {
      const whys = fiveWhys(input);
      expect(fiveWhysSchema.safeParse(whys).success).toBe(true);
      expect(whys[0]?.answer).toMatch(/evidence does not say/);
      expect(whys[4]?.question).toMatch(/What would be needed/);
      expect(whys[4]?.answer).toMatch(/log groups/);
      expect(JSON.stringify(whys)).not.toMatch(/null|undefined|the failing service/);
    }
    expect(fiveWhys(inconclusive)[0]?.question).toBe('Why did the alarm fire?');
  });
});
