import { describe, expect, it } from 'vitest';
import { cyclePath, importCycles, importGraph } from './import-graph.ts';

describe('import cycles', () => {
  it('finds every cycle of a graph, and only cycles', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['f.ts', ['d.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
    expect(importCycles(new Map([['x.ts', ['y.ts']]]))).toEqual([]);
  });

  it('names the imports that close a cycle', () => {
    const graph = new Map([
      ['a.ts', ['b.ts', 'd.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['c.ts']],
    ]);
    expect(cyclePath(graph, ['a.ts', 'b.ts', 'c.ts', 'd.ts'])).toBe('a.ts -> b.ts -> c.ts -> a.ts');
    expect(cyclePath(new Map([['e.ts', ['e.ts']]]), ['e.ts'])).toBe('e.ts -> e.ts');
  });

  it('reads a long chain without running out of stack', () => {
    const graph = new Map(Array.from({ length: 20_000 }, (_, i) => [`${i}.ts`, [`${i + 1}.ts`]]));
    graph.set('20000.ts', ['0.ts']);
    expect(importCycles(graph)[0]).toHaveLength(20_001);
  });

  it('no file of shared/, bin/, functions/ or infra/ imports itself through others', () => {
    const graph = importGraph(['shared', 'bin', 'functions', 'infra']);
    expect(graph.size).toBeGreaterThan(100);
    const cycles = importCycles(graph).map((files) => ({ files, through: cyclePath(graph, files) }));
    expect(cycles).toEqual([]);
  });
});
