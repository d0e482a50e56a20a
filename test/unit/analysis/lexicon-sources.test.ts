import { describe, expect, it } from 'vitest';
import { SIGNAL_RULES } from '../../../shared/analysis/signals/lexicon.ts';

describe('the fault lexicon', () => {
  it('names, for every phrase, the system whose documentation or source says it', () => {
    for (const rule of SIGNAL_RULES) {
      expect(rule.source.trim().length, String(rule.pattern)).toBeGreaterThan(10);
    }
  });
});
