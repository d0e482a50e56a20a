import { LaneTable } from './lane-table.ts';
import { maskTokens, WILDCARD } from './mask.ts';
import { keyLanes, lanes, maskedKeyLanes } from './masked-key.ts';
import {
  deriveTemplates,
  EMPTY_TEMPLATE,
  type Group,
  type Mined,
  OVERFLOW_TEMPLATE,
  type TemplateSummary,
  templateId,
} from './template-derivation.ts';
import { tokenize } from './tokenize.ts';

export {
  EMPTY_TEMPLATE,
  OVERFLOW_TEMPLATE,
  type TemplateSummary,
  templateId,
} from './template-derivation.ts';

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

/** A miner's distinct masked lines with their per-window counts: plain data, JSON-serializable. */
export interface MinerSnapshot {
  groups: { key: string; tokens: string[]; baseline: number; incident: number }[];
  /** Index of the overflow group in `groups`, or -1. */
  overflow: number;
}

const DEFAULTS: Required<MinerOptions> = {
  similarity: 0.75,
  maxConstantValues: 2,
  maxConstantWords: 4,
  maxGroups: 100_000,
  maxTokens: 256,
};

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
