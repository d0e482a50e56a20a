import { describe, expect, it } from 'vitest';
import { counterfactual, systemicRootCause } from '../../../shared/analysis/synthesis/index.ts';
import {
  CLASSES,
  DECOYS,
  d02,
  deployOf,
  inconclusive,
  inputFor,
  namesIn,
  PLATFORMS,
  pdfNeighbour,
  tariffLoad,
} from './inputs.ts';

const CASES = [
  ...CLASSES.flatMap((cls) =>
    PLATFORMS.flatMap((p) => {
      const input = inputFor(cls, p);
      return [input, { ...input, trigger: deployOf(input.rootService ?? '') }];
    }),
  ),
  tariffLoad,
  pdfNeighbour,
];

describe('systemicRootCause and counterfactual', () => {
  it.each(CASES.map((input) => [input.faultClass, input] as const))(
    'are one paragraph naming the root service: %s',
    (_cls, input) => {
      const root = input.rootService ?? '';
      for (const text of [systemicRootCause(input), counterfactual(input)]) {
        expect(text.trim().length).toBeGreaterThan(80);
        expect(text).not.toMatch(/\n/);
        expect(text.replace(/“[^”]*”/g, '')).not.toMatch(/undefined|null|\[object|NaN/);
        expect(text).toContain(root);
        for (const decoy of DECOYS.filter((d) => !namesIn(input).has(d))) expect(text).not.toContain(decoy);
      }
      expect(counterfactual(input)).toMatch(/^Had /);
    },
  );

  it('differ from class to class', () => {
    const systemic = new Set(CLASSES.map((cls) => systemicRootCause(inputFor(cls, 'ecs'))));
    const counter = new Set(CLASSES.map((cls) => counterfactual(inputFor(cls, 'ecs'))));
    expect(systemic.size).toBe(CLASSES.length);
    expect(counter.size).toBe(CLASSES.length);
  });

  it('blame the missing memory test of the d02 release, and say what it would have changed', () => {
    expect(systemicRootCause(d02)).toMatch(/soak|memory regression/);
    expect(systemicRootCause(d02)).toContain('version 2.4.1');
    expect(counterfactual(d02)).toMatch(/^Had version 2\.4\.1 .* would /);
    expect(counterfactual(d02)).toContain('checkout-gateway');
  });

  it('blame the uncapped share one client may take of a shared database, for a load that spent it', () => {
    expect(systemicRootCause(tariffLoad)).toContain("no cap on any one client's share");
    expect(counterfactual(tariffLoad)).toMatch(
      /^Had the role tariff-rebuild connects as carried a statement timeout/,
    );
    expect(counterfactual(tariffLoad)).toContain('quote-api and renewals');
  });

  it("blame the missing reservation of a task that crowded another service's host", () => {
    expect(systemicRootCause(pdfNeighbour)).toContain(
      'without a CPU reservation or limit on hosts it shares with quote-api',
    );
    expect(counterfactual(pdfNeighbour)).toMatch(/^Had pdf-renderer's task reserved/);
  });

  it('name the missing evidence when the analysis is inconclusive', () => {
    expect(systemicRootCause(inconclusive)).toMatch(/names no cause/);
    expect(counterfactual(inconclusive)).toMatch(/^Had /);
    expect(`${systemicRootCause(inconclusive)} ${counterfactual(inconclusive)}`).not.toMatch(
      /null|undefined/,
    );
  });
});
