import { fnv1a64Hex } from './hash.ts';
import { LaneTable } from './lane-table.ts';
import { isKeptStatus, maskTokens, WILDCARD } from './mask.ts';
import { keyLanes, lanes, maskedKeyLanes } from './masked-key.ts';
import { tokenize } from './tokenize.ts';

export type MiningWindow = 'baseline' | 'incident';

export interface MinerOptions {
  /** Share of a line's constant tokens that must equal a template's to join it (0..1). */
  similarity?: number;
  /** A varying column with at most this many distinct values is split into constants. */
  maxConstantValues?: number;
  /** The same, for a column whose values are all plain words (letters only): vocabulary, not data. */
  maxConstantWords?: number;
  /** Upper bound on distinct masked lines kept; past it, lines are counted in an overflow group. */
  maxGroups?: number;
  /** Tokens kept per line; the rest of a very long line is folded into one wildcard. */
  maxTokens?: number;
}

export interface TemplateSummary {
  id: string;
  template: string;
  count: number;
  baselineCount: number;
  incidentCount: number;
}

/** One distinct masked line: the unit the miner stores, whatever the number of lines behind it. */
interface Group {
  key: string;
  tokens: string[];
  baseline: number;
  incident: number;
}

/** A miner's distinct masked lines with their per-window counts: plain data, JSON-serializable. */
export interface MinerSnapshot {
  groups: { key: string; tokens: string[]; baseline: number; incident: number }[];
  /** Index of the overflow group in `groups`, or -1. */
  overflow: number;
}

interface Mined {
  templates: TemplateSummary[];
  /** For each group index, the index of its template in `templates`. */
  templateOfGroup: Int32Array;
}

export const OVERFLOW_TEMPLATE = '<overflow: distinct-line cap reached>';
export const EMPTY_TEMPLATE = '<empty>';

const DEFAULTS: Required<MinerOptions> = {
  similarity: 0.75,
  maxConstantValues: 2,
  maxConstantWords: 4,
  maxGroups: 100_000,
  maxTokens: 256,
};

export function templateId(template: string): string {
  return `T${fnv1a64Hex(template).slice(0, 12)}`;
}

/**
 * A streaming, mergeable log-template miner.
 *
 * While reading, each line is masked token by token and counted under its exact masked form (a
 * hash lookup, so it runs at memory speed). Templates are derived from those distinct forms only
 * when asked, in a canonical order: the result depends on the multiset of lines, never on their
 * order or on how they were sharded, which is what makes ids deterministic and merges exact.
 * Deriving is two steps: Drain-like clustering by token count and similarity, then a Brain-like
 * column split: a varying column with few distinct words is made of constants (split on it),
 * one with many is a variable.
 */
export class TemplateMiner {
  private readonly opts: Required<MinerOptions>;
  private readonly groups: Group[] = [];
  private readonly byHash = new LaneTable();
  private overflow = -1;
  private mined: Mined | null = null;

  constructor(options: MinerOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
  }

  /** Adds one message; returns a handle that `idOf`/`templateOf` resolve once mining is done. */
  add(message: string, window: MiningWindow = 'incident', weight = 1): number {
    if (maskedKeyLanes(message)) {
      const known = this.byHash.get(lanes[0] as number, lanes[1] as number);
      if (known >= 0) return this.count(known, window, weight);
      const a = lanes[0] as number;
      const b = lanes[1] as number;
      const tokens = this.maskLine(message);
      return this.addMasked(tokens, window, weight, tokens.join(' '), a, b);
    }
    const tokens = this.maskLine(message);
    return this.addMasked(tokens, window, weight);
  }

  /** Final template id for a handle returned by `add`. */
  idOf(handle: number): string {
    const mined = this.mine();
    return mined.templates[mined.templateOfGroup[handle] ?? -1]?.id ?? templateId(EMPTY_TEMPLATE);
  }

  templateOf(handle: number): string {
    const mined = this.mine();
    return mined.templates[mined.templateOfGroup[handle] ?? -1]?.template ?? EMPTY_TEMPLATE;
  }

  /** Number of distinct masked lines held (the memory bound). */
  get groupCount(): number {
    return this.groups.length;
  }

  /** Templates with their counts, most frequent first (ties by template text). */
  templates(): TemplateSummary[] {
    return this.mine().templates;
  }

  /** Folds another miner's lines into this one; the result equals mining both inputs together. */
  merge(other: TemplateMiner): void {
    for (const group of other.groups) {
      if (group.baseline > 0) this.addMasked(group.tokens, 'baseline', group.baseline, group.key);
      if (group.incident > 0) this.addMasked(group.tokens, 'incident', group.incident, group.key);
    }
  }

  /** The distinct masked lines and their counts, in insertion order (a handle is an index here). */
  snapshot(): MinerSnapshot {
    return {
      groups: this.groups.map((g) => ({
        key: g.key,
        tokens: g.tokens.slice(),
        baseline: g.baseline,
        incident: g.incident,
      })),
      overflow: this.overflow,
    };
  }

  /** A miner holding exactly a snapshot's lines: it derives the same templates and ids. */
  static fromSnapshot(snapshot: MinerSnapshot, options: MinerOptions = {}): TemplateMiner {
    const miner = new TemplateMiner(options);
    miner.absorb(snapshot);
    return miner;
  }

  /**
   * Folds a snapshot's lines into this miner (as `merge` does, the overflow group staying the
   * overflow group); returns, for each snapshot group, its handle here. The result equals mining
   * both inputs together as long as no side has reached `maxGroups`.
   */
  absorb(snapshot: MinerSnapshot): number[] {
    this.mined = null;
    return snapshot.groups.map((group, i) => {
      const index =
        i === snapshot.overflow
          ? this.overflowGroup()
          : this.addMasked(group.tokens, 'baseline', 0, group.key);
      const target = this.groups[index] as Group;
      target.baseline += group.baseline;
      target.incident += group.incident;
      return index;
    });
  }

  private maskLine(message: string): string[] {
    const raw = tokenize(message);
    const limit = this.opts.maxTokens;
    if (raw.length <= limit) return maskTokens(raw);
    const masked = maskTokens(raw.slice(0, limit - 1));
    masked.push(WILDCARD);
    return masked;
  }

  private addMasked(
    tokens: string[],
    window: MiningWindow,
    weight: number,
    knownKey?: string,
    laneA?: number,
    laneB?: number,
  ): number {
    const key = knownKey ?? tokens.join(' ');
    let a = laneA;
    let b = laneB;
    if (a === undefined || b === undefined) {
      keyLanes(key);
      a = lanes[0] as number;
      b = lanes[1] as number;
    }
    let index = this.byHash.get(a, b);
    if (index < 0) {
      if (this.groups.length >= this.opts.maxGroups) {
        index = this.overflowGroup();
        // Remember overflowing shapes too (up to a bound) so their repeats stay on the fast path.
        if (this.byHash.size < 2 * this.opts.maxGroups) this.byHash.set(a, b, index);
      } else {
        index = this.groups.length;
        this.groups.push({ key, tokens, baseline: 0, incident: 0 });
        this.byHash.set(a, b, index);
      }
      this.mined = null;
    }
    return this.count(index, window, weight);
  }

  private count(index: number, window: MiningWindow, weight: number): number {
    const group = this.groups[index] as Group;
    if (window === 'baseline') group.baseline += weight;
    else group.incident += weight;
    if (this.mined) this.bumpMinedCount(index, window, weight);
    return index;
  }

  private bumpMinedCount(groupIndex: number, window: MiningWindow, weight: number): void {
    const summary = this.mined?.templates[this.mined.templateOfGroup[groupIndex] ?? -1];
    if (!summary) return;
    summary.count += weight;
    if (window === 'baseline') summary.baselineCount += weight;
    else summary.incidentCount += weight;
  }

  private overflowGroup(): number {
    if (this.overflow < 0) {
      this.overflow = this.groups.length;
      this.groups.push({ key: OVERFLOW_TEMPLATE, tokens: [OVERFLOW_TEMPLATE], baseline: 0, incident: 0 });
    }
    return this.overflow;
  }

  private mine(): Mined {
    if (!this.mined) this.mined = deriveTemplates(this.groups, this.opts);
    return this.mined;
  }
}

function groupCount(g: Group): number {
  return g.baseline + g.incident;
}

/** Clusters the distinct lines into templates; canonical order makes the result order-independent. */
function deriveTemplates(groups: Group[], opts: Required<MinerOptions>): Mined {
  const order = groups.map((_, i) => i);
  order.sort((a, b) => {
    const ga = groups[a] as Group;
    const gb = groups[b] as Group;
    return groupCount(gb) - groupCount(ga) || (ga.key < gb.key ? -1 : ga.key > gb.key ? 1 : 0);
  });
  const clusters = clusterBySimilarity(groups, order, opts.similarity);
  const templateOfGroup = new Int32Array(groups.length).fill(-1);
  const byText = new Map<string, TemplateSummary>();
  const indexOf = new Map<string, number>();
  const templates: TemplateSummary[] = [];
  for (const members of clusters) {
    for (const part of splitOnConstantColumns(groups, members, opts)) {
      const template = renderTemplate(part.template);
      let summary = byText.get(template);
      if (!summary) {
        summary = { id: templateId(template), template, count: 0, baselineCount: 0, incidentCount: 0 };
        byText.set(template, summary);
        indexOf.set(template, templates.length);
        templates.push(summary);
      }
      const at = indexOf.get(template) as number;
      for (const g of part.members) {
        const group = groups[g] as Group;
        summary.baselineCount += group.baseline;
        summary.incidentCount += group.incident;
        summary.count += groupCount(group);
        templateOfGroup[g] = at;
      }
    }
  }
  const sorted = templates
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.count - a.t.count || (a.t.template < b.t.template ? -1 : 1));
  const rank = new Int32Array(templates.length);
  sorted.forEach((s, r) => {
    rank[s.i] = r;
  });
  for (let g = 0; g < templateOfGroup.length; g++) {
    const t = templateOfGroup[g] as number;
    if (t >= 0) templateOfGroup[g] = rank[t] as number;
  }
  return { templates: sorted.map((s) => s.t), templateOfGroup };
}

interface Cluster {
  template: string[];
  members: number[];
}

/** Drain-like pass: same token count, most similar template wins, differing positions become wildcards. */
function clusterBySimilarity(groups: Group[], order: number[], threshold: number): number[][] {
  const byLength = new Map<number, Cluster[]>();
  const all: Cluster[] = [];
  for (const g of order) {
    const tokens = (groups[g] as Group).tokens;
    let bucket = byLength.get(tokens.length);
    if (!bucket) {
      bucket = [];
      byLength.set(tokens.length, bucket);
    }
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestWild = -1;
    for (const cluster of bucket) {
      const { sim, wild } = similarity(cluster.template, tokens);
      if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
        best = cluster;
        bestSim = sim;
        bestWild = wild;
      }
    }
    if (best && (bestSim >= threshold || tokens.length === 0)) {
      generalize(best.template, tokens);
      best.members.push(g);
    } else {
      const cluster = { template: tokens.slice(), members: [g] };
      bucket.push(cluster);
      all.push(cluster);
    }
  }
  return all.map((c) => c.members);
}

/**
 * Brain-like refinement: in a cluster's varying columns, one whose words are few is a constant
 * column (split the cluster on it, most constant column first); one whose words are many is a
 * variable. Columns already masked by token rules are variables by construction.
 */
function splitOnConstantColumns(groups: Group[], members: number[], opts: Required<MinerOptions>): Cluster[] {
  const first = groups[members[0] as number] as Group;
  const width = first.tokens.length;
  let splitColumn = -1;
  let splitValues = Number.POSITIVE_INFINITY;
  const template = first.tokens.slice();
  for (let col = 0; col < width; col++) {
    const values = new Set<string>();
    for (const g of members) values.add((groups[g] as Group).tokens[col] as string);
    if (values.size === 1) continue;
    template[col] = WILDCARD;
    if ([...values].some((v) => v.includes(WILDCARD))) continue;
    const limit = [...values].every(isPlainWord) ? opts.maxConstantWords : opts.maxConstantValues;
    if (values.size <= limit && values.size < splitValues) {
      splitColumn = col;
      splitValues = values.size;
    }
  }
  if (splitColumn < 0) return [{ template, members }];
  const parts = new Map<string, number[]>();
  for (const g of members) {
    const value = (groups[g] as Group).tokens[splitColumn] as string;
    const list = parts.get(value);
    if (list) list.push(g);
    else parts.set(value, [g]);
  }
  return [...parts.values()].flatMap((part) => splitOnConstantColumns(groups, part, opts));
}

/**
 * Share of positions that agree: the same constant, or a variable on both sides (a template
 * wildcard facing a masked token). Ties prefer the template with more wildcards, as in Drain.
 */
function similarity(template: string[], tokens: string[]): { sim: number; wild: number } {
  const n = template.length;
  if (n === 0) return { sim: 1, wild: 0 };
  let same = 0;
  let wild = 0;
  for (let i = 0; i < n; i++) {
    const t = template[i] as string;
    const token = tokens[i] as string;
    if (t === WILDCARD) {
      wild++;
      if (token.includes(WILDCARD)) same++;
    } else if (t === token) same++;
    // Two different kept statuses (503, 504) are different failures: never one template.
    else if (isKeptStatus(t) && isKeptStatus(token)) return { sim: -1, wild };
  }
  return { sim: same / n, wild };
}

function generalize(template: string[], tokens: string[]): void {
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== tokens[i]) template[i] = WILDCARD;
  }
}

function renderTemplate(tokens: string[]): string {
  return tokens.length === 0 ? EMPTY_TEMPLATE : tokens.join(' ');
}

/** Letters only, once wrapping punctuation is set aside: vocabulary rather than data. */
function isPlainWord(token: string): boolean {
  let start = 0;
  let end = token.length;
  while (start < end && isWrapping(token.charCodeAt(start))) start++;
  while (end > start && isWrapping(token.charCodeAt(end - 1))) end--;
  if (end === start) return false;
  for (let i = start; i < end; i++) {
    const c = token.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

function isWrapping(c: number): boolean {
  // " ' ( ) [ ] , . : ;
  return (
    c === 34 ||
    c === 39 ||
    c === 40 ||
    c === 41 ||
    c === 91 ||
    c === 93 ||
    c === 44 ||
    c === 46 ||
    c === 58 ||
    c === 59
  );
}
