import { describe, expect, it } from 'vitest';
import { createRecordParser, parseEvent } from '../../../shared/analysis/parse/index.ts';
import { TemplateMiner } from '../../../shared/analysis/patterns/index.ts';
import { LOG_LEVELS } from '../../../shared/domain/log-event.ts';
import { hostile } from './random-input.ts';

describe('fuzz: the parser', () => {
  it('never throws and always yields a well-formed record', () => {
    const g = hostile(101);
    for (let i = 0; i < 300; i++) {
      const event = g.event();
      const record = parseEvent(event);
      expect(Number.isFinite(record.at)).toBe(true);
      expect(LOG_LEVELS).toContain(record.level);
      expect(typeof record.service).toBe('string');
      expect(record.service.length).toBeGreaterThan(0);
      expect(record.lineCount).toBeGreaterThanOrEqual(1);
    }
  });

  it('accounts for every event: events = sum of lineCount, whatever the order and duplicates', () => {
    const g = hostile(202);
    const parser = createRecordParser();
    const events = Array.from({ length: 400 }, () => g.event());
    const shuffledWithDuplicates = [...events, ...events.slice(0, 50)].sort(() => g.r() - 0.5);
    let lines = 0;
    for (const e of shuffledWithDuplicates) for (const rec of parser.push(e)) lines += rec.lineCount;
    for (const rec of parser.flush()) lines += rec.lineCount;
    expect(lines).toBe(shuffledWithDuplicates.length);
    expect(parser.stats.events).toBe(shuffledWithDuplicates.length);
  });
});

describe('fuzz: the template miner', () => {
  it('gives one well-formed id per line for any bytes, and the same id to the same line', () => {
    const g = hostile(303);
    const miner = new TemplateMiner();
    const lines = Array.from({ length: 300 }, () => g.message());
    const handles = lines.map((l) => miner.add(l));
    const ids = handles.map((h) => miner.idOf(h));
    expect(ids).toHaveLength(lines.length);
    for (const id of ids) expect(id).toMatch(/^T[0-9a-f]{12}$/);
    const again = new TemplateMiner();
    const ids2 = lines.map((l) => again.add(l)).map((h) => again.idOf(h));
    expect(ids2).toEqual(ids);
    const total = miner.templates().reduce((n, t) => n + t.count, 0);
    expect(total).toBe(lines.length);
  });
});
