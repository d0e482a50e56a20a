/**
 * The common subset of CloudWatch metric math ("Using metric math"), evaluated locally on series
 * aligned by timestamp: + - * / ^ and parentheses between query ids and numbers; comparisons,
 * AND/OR/NOT (1 or 0); ABS, CEIL, FLOOR; SUM, AVG, MIN, MAX (over a list of series: a series; over
 * one series: a number); FILL(series, value | REPEAT | LINEAR); IF(condition, a[, b]); RATE; DIFF.
 * Anything else (METRICS(), SEARCH, ANOMALY_DETECTION_BAND, INSIGHT_RULE_METRIC, ...) is refused
 * with a reason, never guessed. Parsing is bounded in length, tokens and depth.
 */

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

export const MAX_EXPRESSION_LENGTH = 2048;
const MAX_TOKENS = 512;
const MAX_DEPTH = 32;
/** Expressions naming expressions: at most this deep. */
const MAX_REFERENCE_DEPTH = 8;

type Token = { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'text' };

type Node =
  | { k: 'num'; v: number }
  | { k: 'ref'; id: string }
  | { k: 'list'; items: Node[] }
  | { k: 'unary'; op: string; arg: Node }
  | { k: 'binary'; op: string; left: Node; right: Node }
  | { k: 'call'; fn: string; args: Node[] };

class MathError extends Error {}

const OPERATORS = [
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '^',
  '(',
  ')',
  '[',
  ']',
  ',',
  '<',
  '>',
  '!',
];

function tokenize(text: string): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new MathError(`it is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (out.length >= MAX_TOKENS) throw new MathError(`it has more than ${MAX_TOKENS} tokens`);
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new MathError('a quoted text is not closed');
      out.push({ t: 'text' });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new MathError(`the character ${codePoint(c)} is not understood`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const WORD_OPERATORS: Record<string, string> = { AND: '&&', OR: '||', NOT: '!' };
const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!=']);

/** Recursive descent over the tokens; every level of nesting counts against MAX_DEPTH. */
class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    if (this.tokens.length === 0) throw new MathError('it is empty');
    const node = this.or();
    const rest = this.tokens[this.at];
    if (rest) throw new MathError(`it continues after a complete expression (${describe(rest)})`);
    return node;
  }

  private peekOp(): string | null {
    const tok = this.tokens[this.at];
    if (!tok) return null;
    if (tok.t === 'op') return tok.v;
    if (tok.t === 'name') return WORD_OPERATORS[tok.v] ?? null;
    return null;
  }

  private nest<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new MathError(`it is nested more than ${MAX_DEPTH} levels deep`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private binary(next: () => Node, ops: (op: string) => boolean): Node {
    let left = next();
    for (let op = this.peekOp(); op !== null && ops(op); op = this.peekOp()) {
      this.at++;
      left = { k: 'binary', op, left, right: next() };
    }
    return left;
  }

  private or(): Node {
    return this.nest(() =>
      this.binary(
        () => this.and(),
        (op) => op === '||',
      ),
    );
  }

  private and(): Node {
    return this.binary(
      () => this.compare(),
      (op) => op === '&&',
    );
  }

  private compare(): Node {
    return this.binary(
      () => this.sum(),
      (op) => COMPARISONS.has(op),
    );
  }

  private sum(): Node {
    return this.binary(
      () => this.product(),
      (op) => op === '+' || op === '-',
    );
  }

  private product(): Node {
    return this.binary(
      () => this.unary(),
      (op) => op === '*' || op === '/',
    );
  }

  private unary(): Node {
    const op = this.peekOp();
    if (op === '-' || op === '+' || op === '!') {
      this.at++;
      return this.nest(() => ({ k: 'unary', op, arg: this.unary() }));
    }
    const base = this.primary();
    if (this.peekOp() === '^') {
      this.at++;
      return { k: 'binary', op: '^', left: base, right: this.nest(() => this.unary()) };
    }
    return base;
  }

  private primary(): Node {
    const tok = this.tokens[this.at++];
    if (!tok) throw new MathError('it ends too early');
    if (tok.t === 'num') return { k: 'num', v: tok.v };
    if (tok.t === 'text')
      throw new MathError('it holds quoted text (as SEARCH does), which is not evaluated here');
    if (tok.t === 'op' && tok.v === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (tok.t === 'op' && tok.v === '[') return { k: 'list', items: this.items(']') };
    if (tok.t === 'name') {
      const next = this.tokens[this.at];
      if (next?.t === 'op' && next.v === '(') {
        this.at++;
        return { k: 'call', fn: tok.v.toUpperCase(), args: this.items(')') };
      }
      return { k: 'ref', id: tok.v };
    }
    throw new MathError(`${describe(tok)} is out of place`);
  }

  private items(close: string): Node[] {
    const items: Node[] = [];
    if (this.peekOp() === close) {
      this.at++;
      return items;
    }
    for (;;) {
      items.push(this.or());
      const op = this.peekOp();
      this.at++;
      if (op === close) return items;
      if (op !== ',') throw new MathError(`a "${close}" is missing`);
    }
  }

  private expect(op: string): void {
    if (this.peekOp() !== op) throw new MathError(`a "${op}" is missing`);
    this.at++;
  }
}

// Reasons quote the expression (alarm configuration, untrusted): only names, operators and code points.
function describe(tok: Token): string {
  return tok.t === 'num' ? String(tok.v) : tok.t === 'text' ? 'quoted text' : `"${short(tok.v)}"`;
}

function short(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}...` : name;
}

function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A value while evaluating: a number, a series in time order, or a list of them (`[m1, m2]`). */
type Value =
  | { k: 'scalar'; v: number }
  | { k: 'series'; at: number[]; v: number[] }
  | { k: 'list'; items: Value[] };

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

function arithmetic(op: string): (a: number, b: number) => number {
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

function map(x: Value, f: (v: number) => number): Value {
  if (x.k === 'scalar') return { k: 'scalar', v: f(x.v) };
  if (x.k === 'series') return { k: 'series', at: x.at, v: x.v.map(f) };
  return { k: 'list', items: x.items.map((i) => map(i, f)) };
}

/** A binary operation: between two series at the timestamps both have; a number applies to every point. */
function combine(a: Value, b: Value, f: (x: number, y: number) => number): Value {
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

function fill(x: Value, how: Value | 'REPEAT' | 'LINEAR', grid: readonly number[]): Value {
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
function choose(cond: Value, a: Value, b: Value | undefined): Value {
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
function change(x: Value, perSecond: boolean): Value {
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
function aggregate(fn: string, x: Value): Value {
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
