import { describe, expect, it } from 'vitest';
import {
  findLevelWord,
  levelFromHttpStatus,
  levelFromNumber,
  normaliseLevel,
} from '../../../shared/analysis/parse/level.ts';

describe('normaliseLevel', () => {
  it.each([
    ['trace', 'TRACE'],
    ['DEBUG', 'DEBUG'],
    ['info', 'INFO'],
    ['notice', 'INFO'],
    ['WARN', 'WARN'],
    ['warning', 'WARN'],
    ['ERR', 'ERROR'],
    ['error', 'ERROR'],
    ['SEVERE', 'ERROR'],
    ['FATAL', 'FATAL'],
    ['CRITICAL', 'FATAL'],
    ['crit', 'FATAL'],
    ['PANIC', 'FATAL'],
    ['EMERGENCY', 'FATAL'],
    ['ERRO', 'ERROR'],
    ['FATA', 'FATAL'],
  ])('%s → %s', (word, level) => {
    expect(normaliseLevel(word)).toBe(level);
  });

  it('rejects words that are not levels', () => {
    expect(normaliseLevel('payments')).toBeUndefined();
    expect(normaliseLevel('')).toBeUndefined();
  });
});

describe('levelFromNumber (pino/bunyan)', () => {
  it('maps 10…60', () => {
    expect([10, 20, 30, 40, 50, 60].map(levelFromNumber)).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
    ]);
    expect(levelFromNumber(5)).toBeUndefined();
  });
});

describe('levelFromHttpStatus', () => {
  it('5xx → ERROR, 4xx → WARN, else INFO', () => {
    expect([503, 429, 404, 302, 200].map(levelFromHttpStatus)).toEqual([
      'ERROR',
      'WARN',
      'WARN',
      'INFO',
      'INFO',
    ]);
  });
});

describe('findLevelWord', () => {
  it('finds upper-case words and bracketed words in any case', () => {
    expect(findLevelWord('worker 3 ERROR: queue stalled')).toBe('ERROR');
    expect(findLevelWord('[warn] disk 91% full')).toBe('WARN');
    expect(findLevelWord('<crit> raid degraded')).toBe('FATAL');
  });

  it('takes the first of several', () => {
    expect(findLevelWord('WARN retrying after ERROR')).toBe('WARN');
  });

  it('ignores lower-case prose and words inside identifiers', () => {
    expect(findLevelWord('no error was found')).toBeUndefined();
    expect(findLevelWord('ERR_CONNECTION_RESET from upstream')).toBeUndefined();
    expect(findLevelWord('errorCount=0 INFORMATIONAL')).toBeUndefined();
  });
});
