import { MathError } from './metric-math-syntax.ts';

/** Values while a metric-math expression is evaluated, and the operations on them (series aligned by timestamp). */

/** A value while evaluating: a number, a series in time order, or a list of them (`[m1, m2]`). */
export type Value =
  | { k: 'scalar'; v: number }
  | { k: 'series'; at: number[]; v: number[] }
  | { k: 'list'; items: Value[] };

export function arithmetic(op: string): (a: number, b: number) => number {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return (a, b) => a / b;
    case '^':
      return (a, b) => a ** b;
    case '<':
      return (a, b) => (a < b ? 1 : 0);
    case '>':
      return (a, b) => (a > b ? 1 : 0);
    case '<=':
      return (a, b) => (a <= b ? 1 : 0);
    case '>=':
      return (a, b) => (a >= b ? 1 : 0);
    case '==':
      return (a, b) => (a === b ? 1 : 0);
    case '!=':
      return (a, b) => (a !== b ? 1 : 0);
    case '&&':
      return (a, b) => (a !== 0 && b !== 0 ? 1 : 0);
    default:
      return (a, b) => (a !== 0 || b !== 0 ? 1 : 0);
  }
}

export function map(x: Value, f: (v: number) => number): Value {
  if (x.k === 'scalar') return { k: 'scalar', v: f(x.v) };
  if (x.k === 'series') return { k: 'series', at: x.at, v: x.v.map(f) };
  return { k: 'list', items: x.items.map((i) => map(i, f)) };
}

/** A binary operation: between two series at the timestamps both have; a number applies to every point. */
export function combine(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (a.k === 'list' || b.k === 'list') {
    if (a.k === 'list' && b.k === 'list') throw new MathError('it combines two lists');
    return a.k === 'list'
      ? { k: 'list', items: a.items.map((i) => combine(i, b, f)) }
      : { k: 'list', items: (b as { items: Value[] }).items.map((i) => combine(a, i, f)) };
  }
  if (a.k === 'scalar' && b.k === 'scalar') return { k: 'scalar', v: f(a.v, b.v) };
  if (a.k === 'scalar') return map(b, (y) => f(a.v, y));
  if (b.k === 'scalar') return map(a, (x) => f(x, b.v));
  const at: number[] = [];
  const v: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.at.length && j < b.at.length) {
    const ta = a.at[i] as number;
    const tb = b.at[j] as number;
    if (ta < tb) i++;
    else if (tb < ta) j++;
    else {
      at.push(ta);
      v.push(f(a.v[i++] as number, b.v[j++] as number));
    }
  }
  return { k: 'series', at, v };
}

function seriesOf(x: Value, fn: string): { at: number[]; v: number[] } {
  if (x.k !== 'series') throw new MathError(`${fn} needs a series`);
  return x;
}

export function fill(x: Value, how: Value | 'REPEAT' | 'LINEAR', grid: readonly number[]): Value {
  const s = seriesOf(x, 'FILL');
  if (typeof how !== 'string' && how.k !== 'scalar')
    throw new MathError('FILL fills with a number, REPEAT or LINEAR');
  const at: number[] = [];
  const v: number[] = [];
  let k = 0; // the first known point at or after the grid time
  for (const t of grid) {
    while (k < s.at.length && (s.at[k] as number) < t) k++;
    const own = s.at[k] === t ? s.v[k] : undefined;
    let value: number | undefined = own;
    if (value === undefined) {
      if (typeof how !== 'string') value = how.v;
      else if (k > 0) {
        const t0 = s.at[k - 1] as number;
        const v0 = s.v[k - 1] as number;
        if (how === 'REPEAT') value = v0;
        else if (k < s.at.length) {
          const t1 = s.at[k] as number;
          value = v0 + (((s.v[k] as number) - v0) * (t - t0)) / (t1 - t0);
        }
      }
    }
    if (value === undefined) continue;
    at.push(t);
    v.push(value);
  }
  return { k: 'series', at, v };
}

/** IF(condition, a, b): where the condition is not 0, a; elsewhere b, or no point without b. */
export function choose(cond: Value, a: Value, b: Value | undefined): Value {
  if (cond.k === 'list' || a.k === 'list' || b?.k === 'list') throw new MathError('IF takes no lists');
  if (cond.k === 'scalar') return cond.v !== 0 ? a : (b ?? { k: 'series', at: [], v: [] });
  const pick = (x: Value, t: number): number | undefined => {
    if (x.k === 'scalar') return x.v;
    if (x.k !== 'series') return undefined;
    const i = binarySearch(x.at, t);
    return i < 0 ? undefined : x.v[i];
  };
  const at: number[] = [];
  const v: number[] = [];
  cond.at.forEach((t, i) => {
    const branch = (cond.v[i] as number) !== 0 ? a : b;
    const value = branch === undefined ? undefined : pick(branch, t);
    if (value === undefined) return;
    at.push(t);
    v.push(value);
  });
  return { k: 'series', at, v };
}

function binarySearch(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = sorted[mid] as number;
    if (x === t) return mid;
    if (x < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** DIFF: each point minus the one before; RATE: the same per second. The first point has none. */
export function change(x: Value, perSecond: boolean): Value {
  const s = seriesOf(x, perSecond ? 'RATE' : 'DIFF');
  const at: number[] = [];
  const v: number[] = [];
  for (let i = 1; i < s.at.length; i++) {
    const d = (s.v[i] as number) - (s.v[i - 1] as number);
    at.push(s.at[i] as number);
    v.push(perSecond ? d / (((s.at[i] as number) - (s.at[i - 1] as number)) / 1000) : d);
  }
  return { k: 'series', at, v };
}

const REDUCERS: Record<string, (values: readonly number[]) => number> = {
  SUM: (xs) => xs.reduce((a, b) => a + b, 0),
  AVG: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
  MIN: (xs) => xs.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY),
  MAX: (xs) => xs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY),
};

/** Over a list: one series, each timestamp reduced over the series that have it. Over one series: a number. */
export function aggregate(fn: string, x: Value): Value {
  const reduce = REDUCERS[fn] as (values: readonly number[]) => number;
  if (x.k === 'scalar') return x;
  if (x.k === 'series') return { k: 'scalar', v: x.v.length === 0 ? Number.NaN : reduce(x.v) };
  const byTime = new Map<number, number[]>();
  const constants: number[] = [];
  for (const item of x.items) {
    if (item.k === 'list') throw new MathError(`${fn} takes no nested lists`);
    if (item.k === 'scalar') {
      constants.push(item.v);
      continue;
    }
    item.at.forEach((t, i) => {
      const list = byTime.get(t);
      if (list) list.push(item.v[i] as number);
      else byTime.set(t, [item.v[i] as number]);
    });
  }
  if (byTime.size === 0) return { k: 'scalar', v: constants.length === 0 ? Number.NaN : reduce(constants) };
  const at = [...byTime.keys()].sort((a, b) => a - b);
  return { k: 'series', at, v: at.map((t) => reduce([...(byTime.get(t) ?? []), ...constants])) };
}
