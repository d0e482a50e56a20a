/**
 * The common subset of CloudWatch metric math ("Using metric math"), evaluated locally on series
 * aligned by timestamp: + - * / ^ and parentheses between query ids and numbers; comparisons,
 * AND/OR/NOT (1 or 0); ABS, CEIL, FLOOR; SUM, AVG, MIN, MAX (over a list of series: a series; over
 * one series: a number); FILL(series, value | REPEAT | LINEAR); IF(condition, a[, b]); RATE; DIFF.
 * Anything else (METRICS(), SEARCH, ANOMALY_DETECTION_BAND, INSIGHT_RULE_METRIC, ...) is refused
 * with a reason, never guessed. Parsing is bounded in length, tokens and depth.
 */

import { MathError, type Node, Parser, short, tokenize } from './metric-math-syntax.ts';
import {
  aggregate,
  arithmetic,
  change,
  choose,
  combine,
  fill,
  map,
  type Value,
} from './metric-math-values.ts';

export interface MathPoint {
  at: number;
  value: number;
}

export type MathOutcome =
  | {
      ok: true;
      points: MathPoint[] /** Points without a finite value (division by zero...), left out. */;
      dropped: number;
    }
  | { ok: false; reason: string };

/** A query of the alarm: a metric's points, or another expression (expressions may name each other). */
export type MathInput = { points: readonly MathPoint[] } | { expression: string };

/** Expressions naming expressions: at most this deep. */
const MAX_REFERENCE_DEPTH = 8;

const SUPPORTED = new Set(['ABS', 'CEIL', 'FLOOR', 'SUM', 'AVG', 'MIN', 'MAX', 'FILL', 'IF', 'RATE', 'DIFF']);

class Evaluator {
  /** Every timestamp of the series in play: where FILL puts its values. */
  private readonly grid: number[];
  private readonly cache = new Map<string, Value>();

  constructor(
    private readonly inputs: ReadonlyMap<string, MathInput>,
    private readonly refDepth: number,
    private readonly resolving: Set<string>,
  ) {
    const times = new Set<number>();
    for (const input of inputs.values()) if ('points' in input) for (const p of input.points) times.add(p.at);
    this.grid = [...times].sort((a, b) => a - b);
  }

  value(n: Node): Value {
    switch (n.k) {
      case 'num':
        return { k: 'scalar', v: n.v };
      case 'ref':
        return this.ref(n.id);
      case 'list':
        return { k: 'list', items: n.items.map((i) => this.value(i)) };
      case 'unary': {
        const arg = this.value(n.arg);
        return n.op === '-' ? map(arg, (x) => -x) : n.op === '!' ? map(arg, (x) => (x === 0 ? 1 : 0)) : arg;
      }
      case 'binary':
        return combine(this.value(n.left), this.value(n.right), arithmetic(n.op));
      case 'call':
        return this.call(n.fn, n.args);
    }
  }

  private ref(id: string): Value {
    const known = this.cache.get(id);
    if (known) return known;
    const input = this.inputs.get(id);
    if (!input) {
      if (id === 'REPEAT' || id === 'LINEAR') throw new MathError(`${id} is used outside FILL`);
      throw new MathError(`${short(id)} names no query of the alarm`);
    }
    let out: Value;
    if ('points' in input) {
      out = { k: 'series', at: input.points.map((p) => p.at), v: input.points.map((p) => p.value) };
    } else {
      if (this.resolving.has(id)) throw new MathError(`${short(id)} refers to itself`);
      if (this.refDepth >= MAX_REFERENCE_DEPTH)
        throw new MathError('its expressions name each other too deeply');
      this.resolving.add(id);
      const node = new Parser(tokenize(input.expression)).parse();
      out = new Evaluator(this.inputs, this.refDepth + 1, this.resolving).value(node);
      this.resolving.delete(id);
    }
    this.cache.set(id, out);
    return out;
  }

  private call(fn: string, args: Node[]): Value {
    if (!SUPPORTED.has(fn)) throw new MathError(`the function ${short(fn)} is not evaluated here`);
    const arity = (min: number, max = min) => {
      if (args.length < min || args.length > max)
        throw new MathError(`${fn} takes ${min === max ? min : `${min} to ${max}`} argument(s)`);
    };
    if (fn === 'FILL') {
      arity(2);
      const how = args[1] as Node;
      const mode = how.k === 'ref' && (how.id === 'REPEAT' || how.id === 'LINEAR') ? how.id : null;
      return fill(this.value(args[0] as Node), mode ?? this.value(how), this.grid);
    }
    if (fn === 'IF') {
      arity(2, 3);
      const [cond, a, b] = args.map((x) => this.value(x)) as [Value, Value, Value | undefined];
      return choose(cond, a, b);
    }
    arity(1);
    const arg = this.value(args[0] as Node);
    switch (fn) {
      case 'ABS':
        return map(arg, Math.abs);
      case 'CEIL':
        return map(arg, Math.ceil);
      case 'FLOOR':
        return map(arg, Math.floor);
      case 'RATE':
        return change(arg, true);
      case 'DIFF':
        return change(arg, false);
      default:
        return aggregate(fn, arg);
    }
  }
}

/** Checks an expression's syntax (bounded) without evaluating it; the reason when it cannot be read. */
export function parseMetricMath(expression: string): { ok: true } | { ok: false; reason: string } {
  try {
    new Parser(tokenize(expression)).parse();
    return { ok: true };
  } catch (e) {
    if (e instanceof MathError) return { ok: false, reason: e.message };
    throw e;
  }
}

/**
 * Evaluates `expression` over the alarm's queries (`inputs`, by id). The result is a series in
 * time order; points without a finite value (division by zero, ...) are left out and counted.
 */
export function evaluateMetricMath(expression: string, inputs: ReadonlyMap<string, MathInput>): MathOutcome {
  try {
    const node = new Parser(tokenize(expression)).parse();
    const result = new Evaluator(inputs, 0, new Set()).value(node);
    if (result.k !== 'series') {
      return {
        ok: false,
        reason:
          result.k === 'scalar'
            ? 'it gives a single number, not a series'
            : 'it gives a list of series, not one',
      };
    }
    const points: MathPoint[] = [];
    let dropped = 0;
    result.at.forEach((at, i) => {
      const value = result.v[i] as number;
      if (Number.isFinite(value)) points.push({ at, value });
      else dropped++;
    });
    return { ok: true, points, dropped };
  } catch (e) {
    if (e instanceof MathError) return { ok: false, reason: e.message };
    // A stack too deep for the bounds above is still an expression that cannot be evaluated.
    if (e instanceof RangeError) return { ok: false, reason: 'it is nested too deeply' };
    throw e;
  }
}
