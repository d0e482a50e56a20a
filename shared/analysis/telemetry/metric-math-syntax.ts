/** The syntax of CloudWatch metric math (see metric-math.ts): tokens and a parser, bounded in length, tokens and depth. */

const MAX_EXPRESSION_LENGTH = 2048;
const MAX_TOKENS = 512;
const MAX_DEPTH = 32;

export type Token =
  | { t: 'num'; v: number }
  | { t: 'name'; v: string }
  | { t: 'op'; v: string }
  | { t: 'text' };

export type Node =
  | { k: 'num'; v: number }
  | { k: 'ref'; id: string }
  | { k: 'list'; items: Node[] }
  | { k: 'unary'; op: string; arg: Node }
  | { k: 'binary'; op: string; left: Node; right: Node }
  | { k: 'call'; fn: string; args: Node[] };

export class MathError extends Error {}

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

export function tokenize(text: string): Token[] {
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
export class Parser {
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

export function short(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}...` : name;
}

function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
