import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** The flag service's audit record of a flag set to `value`, as JSON. */
const flagSet = (minutes: number, flag: string, from: string, value: string) =>
  line(
    '/ecs/toggles',
    minutes,
    JSON.stringify({ level: 'info', event: 'flag.updated', flag, old: from, new: value, actor: 'ops-bot' }),
  );

/**
 * A pricing API reads its exchange-rate source from a feature flag; someone sets the flag to a
 * misspelt source, and every quote fails naming the value it was given.
 */
function incident(value: string) {
  return byTime([
    ...spread('/ecs/pricing-api', 58, 0, 580, (i) => `INFO quote ${i} priced in EUR`),
    ...spread('/ecs/toggles', 58, 0, 29, (i) => `INFO served flag snapshot ${i}`),
    flagSet(40, 'search.ranking_v3', 'off', 'on'),
    flagSet(8.2, 'pricing.rate_source', 'ecb', value),
    ...spread(
      '/ecs/pricing-api',
      8,
      0,
      80,
      (i) => `ERROR quote ${900 + i} failed: unknown rate source "ecbb"`,
    ),
  ]);
}

describe('a configuration value the failing lines quote', () => {
  it('makes the change that set it the trigger, of class config_error', () => {
    const f = correlate({ events: incident('ecbb') }, window);
    expect(f.root?.service).toBe('pricing-api');
    expect(f.trigger?.change.kind).toBe('config');
    expect(f.trigger?.change.record?.raw).toContain('pricing.rate_source');
    expect(f.classification.faultClass).toBe('config_error');
  });

  it('says nothing of a change that set a value the lines do not quote', () => {
    const f = correlate({ events: incident('fixer') }, window);
    expect(f.trigger?.change.kind).not.toBe('config');
  });
});

/**
 * A settings service stores the shipping surcharge rate that a quote service reads on every
 * quote. An operator updates it in a locale that writes decimals with a comma; the quote service's
 * parser rejects the value, quoting it.
 */
function surcharge(value: string) {
  return byTime([
    ...spread('/ecs/quote-svc', 58, 0, 580, (i) => `INFO quote q-${i} priced with surcharge 0.12`),
    ...spread(
      '/ecs/settings-svc',
      58,
      0,
      116,
      (i) => `INFO served setting shipping.surcharge to client ${i % 7}`,
    ),
    line(
      '/ecs/settings-svc',
      8.1,
      `INFO Update config [name=shipping.surcharge, value=${value}, by=ops-console]`,
    ),
    ...spread(
      '/ecs/quote-svc',
      8,
      0,
      80,
      (i) =>
        `ERROR quote q-${900 + i} failed: java.lang.NumberFormatException: For input string: "0,15"\n\tat java.lang.Double.parseDouble(Double.java:538)`,
    ),
  ]);
}

describe('a value a configuration service says it set, that a consumer cannot read', () => {
  it('is the trigger, and the parse failure it causes a configuration error', () => {
    const f = correlate({ events: surcharge('0,15') }, window);
    expect(f.root?.service).toBe('quote-svc');
    expect(f.trigger?.change).toMatchObject({ kind: 'config', service: 'settings-svc' });
    expect(f.trigger?.setValue).toBe('0,15');
    expect(f.classification.faultClass).toBe('config_error');
  });

  it('leaves the class to the failure when the value set is not the one quoted', () => {
    const f = correlate({ events: surcharge('0.15') }, window);
    expect(f.classification.faultClass).toBe('data_error');
  });
});
