import { fnv1a64Hex } from './hash.ts';
import { isKeptStatus, WILDCARD } from './mask.ts';

/*
 * Template derivation: how the miner's distinct masked lines become templates, when asked for.
 * Drain-like clustering by token count and similarity, then a Brain-like split on constant columns.
 */

export interface TemplateSummary {
  id: string;
  template: string;
  count: number;
  baselineCount: number;
  incidentCount: number;
}

/** One distinct masked line: the unit the miner stores, whatever the number of lines behind it. */
export interface Group {
  key: string;
  tokens: string[];
  baseline: number;
  incident: number;
}

export interface Mined {
  templates: TemplateSummary[];
  /** For each group index, the index of its template in `templates`. */
  templateOfGroup: Int32Array;
}

export const OVERFLOW_TEMPLATE = '<overflow: distinct-line cap reached>';
export const EMPTY_TEMPLATE = '<empty>';

/** What template derivation reads of the miner's options. */
export interface DerivationOptions {
  similarity: number;
  maxConstantValues: number;
  maxConstantWords: number;
}

export function templateId(template: string): string {
  return `T${fnv1a64Hex(template).slice(0, 12)}`;
}

function groupCount(g: Group): number {
  return g.baseline + g.incident;
}

/** Clusters the distinct lines into templates; canonical order makes the result order-independent. */
export function deriveTemplates(groups: Group[], opts: DerivationOptions): Mined {
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
function splitOnConstantColumns(groups: Group[], members: number[], opts: DerivationOptions): Cluster[] {
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
