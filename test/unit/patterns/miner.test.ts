import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/generate-messages.ts';
import { groupingAccuracy } from '../../../bench/loghub-data.ts';
import { EMPTY_TEMPLATE, OVERFLOW_TEMPLATE, TemplateMiner } from '../../../shared/analysis/patterns/index.ts';
import { loadFixture } from './loghub-fixture.ts';

const LINES = [
  'user alice logged in from 10.0.0.1',
  'user bob logged in from 10.0.0.2',
  'payment ord_73201f4217 captured',
  'payment ord_88a1c2b3d4 captured',
  'connection to db-1:5432 refused',
  'user carol logged in from 10.0.0.3',
  'connection to db-2:5432 refused',
  'OOMKilled container payments-worker exit code 137',
  'user dave logged in from 10.0.0.4',
  'user erin logged in from 10.0.0.5',
];

function ids(lines: string[]): string[] {
  const miner = new TemplateMiner();
  const handles = lines.map((l) => miner.add(l));
  return handles.map((h) => miner.idOf(h));
}

function shuffled<T>(items: T[], seed: number): T[] {
  const r = mulberry32(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('TemplateMiner', () => {
  it('groups the lines of one template and keeps other templates apart', () => {
    const miner = new TemplateMiner();
    for (const line of LINES) miner.add(line);
    const templates = miner.templates().map((t) => [t.template, t.count]);
    expect(templates).toEqual([
      ['user <*> logged in from <*>', 5],
      ['connection to <*>:<*> refused', 2],
      ['payment <*> captured', 2],
      ['OOMKilled container payments-worker exit code <*>', 1],
    ]);
  });

  it('gives the same ids to the same input, whatever the order of lines', () => {
    const first = ids(LINES);
    expect(ids(LINES)).toEqual(first);
    const order = shuffled(
      LINES.map((_, i) => i),
      3,
    );
    const permuted = ids(order.map((i) => LINES[i] as string));
    order.forEach((lineIndex, position) => {
      expect(permuted[position]).toBe(first[lineIndex]);
    });
  });

  it('keeps ids order-independent on a real log sample', () => {
    const { contents } = loadFixture('OpenStack');
    const first = ids(contents);
    const order = shuffled(
      contents.map((_, i) => i),
      11,
    );
    const permuted = ids(order.map((i) => contents[i] as string));
    order.forEach((lineIndex, position) => {
      expect(permuted[position]).toBe(first[lineIndex]);
    });
  });

  it('merges shards mined apart into exactly the result of mining them together', () => {
    const { contents } = loadFixture('Proxifier');
    const whole = new TemplateMiner();
    for (const line of contents) whole.add(line);
    const left = new TemplateMiner();
    const right = new TemplateMiner();
    contents.forEach((line, i) => {
      (i % 3 === 0 ? left : right).add(line, i % 2 === 0 ? 'baseline' : 'incident');
    });
    left.merge(right);
    const sum = (m: TemplateMiner) => m.templates().map((t) => [t.id, t.template, t.count]);
    expect(sum(left)).toEqual(sum(whole));
  });

  it('counts the baseline and the incident window apart', () => {
    const miner = new TemplateMiner();
    miner.add('GET /health 200 3ms', 'baseline');
    miner.add('GET /health 200 5ms', 'baseline');
    miner.add('GET /health 200 4ms', 'incident');
    miner.add('pool exhausted after 30000ms', 'incident');
    const byTemplate = Object.fromEntries(
      miner.templates().map((t) => [t.template, [t.baselineCount, t.incidentCount, t.count]]),
    );
    expect(byTemplate).toEqual({
      'GET /health <*>': [2, 1, 3],
      'pool exhausted after <*>': [0, 1, 1],
    });
  });

  it('updates counts after templates were read, and re-derives when a new line shape arrives', () => {
    const miner = new TemplateMiner();
    const a = miner.add('job 1 done');
    expect(miner.templates()[0]?.count).toBe(1);
    miner.add('job 2 done');
    expect(miner.templates()[0]?.count).toBe(2);
    const b = miner.add('queue depth 12 above threshold');
    expect(miner.idOf(a)).not.toBe(miner.idOf(b));
    expect(miner.templates()).toHaveLength(2);
  });

  it('bounds memory: past the cap, new line shapes are counted as overflow, not dropped', () => {
    const miner = new TemplateMiner({ maxGroups: 3 });
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const handles = words.map((w) => miner.add(`${w} happened`));
    expect(miner.groupCount).toBe(4);
    const total = miner.templates().reduce((n, t) => n + t.count, 0);
    expect(total).toBe(words.length);
    expect(miner.templateOf(handles[5] as number)).toBe(OVERFLOW_TEMPLATE);
  });

  it('survives hostile input and still gives one handle per line', () => {
    const miner = new TemplateMiner();
    const junk = [
      '',
      '   ',
      '\u0000\u0001\u0002\uFFFD\uFFFD',
      'x'.repeat(1_000_000),
      `${'word '.repeat(5000)}end`,
      '2026-05-24T11:20:06.224Z',
      '<*> <*> already masked',
    ];
    const handles = junk.map((l) => miner.add(l));
    expect(handles).toHaveLength(junk.length);
    expect(miner.templateOf(handles[0] as number)).toBe(EMPTY_TEMPLATE);
    expect(miner.templateOf(handles[1] as number)).toBe(EMPTY_TEMPLATE);
    expect(miner.templateOf(handles[4] as number).split(' ').length).toBeLessThanOrEqual(256);
    for (const h of handles) expect(miner.idOf(h)).toMatch(/^T[0-9a-f]{12}$/);
  });
});

describe('grouping accuracy on Loghub samples (one configuration for all)', () => {
  it.each([
    ['Apache', 1],
    ['HealthApp', 0.99],
    ['OpenStack', 0.99],
    ['Proxifier', 0.99],
  ])('%s reaches GA >= %s', (name, floor) => {
    const { contents, eventIds } = loadFixture(name);
    expect(groupingAccuracy(eventIds, ids(contents))).toBeGreaterThanOrEqual(floor);
  });
});
