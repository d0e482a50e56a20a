import type { ModelRequest } from '../ports/model-client.ts';

/** Input tokens a prompt may use, tool schema and a repair round's additions included. */
export const DEFAULT_BUDGET_TOKENS = 8_000;

/** Per message, for the role and framing the provider adds. */
const MESSAGE_OVERHEAD_TOKENS = 8;

/**
 * A conservative token estimate without a tokenizer: four ASCII characters per token (English
 * prose and logs average more), and every other character counted as a whole token (CJK text,
 * emoji and accented letters are often one token each or more).
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

/** The estimated input tokens of a whole request: system text, messages and the tool's schema. */
export function estimateRequestTokens(request: Pick<ModelRequest, 'system' | 'messages' | 'tool'>): number {
  return (
    estimateTokens(request.system) +
    request.messages.reduce((n, m) => n + estimateTokens(m.text) + MESSAGE_OVERHEAD_TOKENS, 0) +
    estimateTokens(JSON.stringify(request.tool))
  );
}

/** A list of prompt lines that may be shortened, most important first. */
export interface TrimmableList {
  name: string;
  /** Lines most important first; `order` says where each goes in the prompt. */
  items: { text: string; order: number }[];
  /** How many the report holds in all (the list may already be capped). */
  total: number;
  /**
   * How far each pass may cut the list, e.g. `[15, 5]`: the first pass cuts every list to its
   * first floor, the next to its second, and a last pass to nothing.
   */
  floors: number[];
}

export interface Fitted {
  /** Each list's kept lines, in prompt order. */
  lists: Map<string, string[]>;
  trimmed: string[];
  tokens: number;
}

/**
 * Drops the least important lines of each list, in the lists' order, until the fixed part plus
 * the kept lines fit the budget: pass by pass, each list down to its floor of that pass, so no list
 * is emptied while another is still long. Each line costs its own rounded-up estimate, so the sum
 * never undercounts.
 */
export function fitToBudget(fixedTokens: number, lists: TrimmableList[], budget: number): Fitted {
  const costs = lists.map((l) => l.items.map((i) => estimateTokens(i.text) + 1));
  const kept = lists.map((l) => l.items.length);
  let tokens = fixedTokens + costs.flat().reduce((a, b) => a + b, 0);
  const passes = Math.max(0, ...lists.map((l) => l.floors.length)) + 1;
  for (let pass = 0; pass < passes; pass++) {
    lists.forEach((list, li) => {
      const min = list.floors[pass] ?? 0;
      const listCosts = costs[li] ?? [];
      while (tokens > budget && (kept[li] ?? 0) > min) {
        const last = (kept[li] ?? 0) - 1;
        tokens -= listCosts[last] ?? 0;
        kept[li] = last;
      }
    });
  }
  const out = new Map<string, string[]>();
  const trimmed: string[] = [];
  lists.forEach((list, li) => {
    const n = kept[li] ?? 0;
    const chosen = list.items.slice(0, n).sort((a, b) => a.order - b.order);
    out.set(
      list.name,
      chosen.map((i) => i.text),
    );
    if (n < list.total) trimmed.push(`${list.name}: kept ${n} of ${list.total}`);
  });
  return { lists: out, trimmed, tokens };
}

/** The longest prefix of `text` whose estimate fits `maxTokens`, marked when cut. */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  const marker = ' [...cut to fit the token budget]';
  const room = Math.max(0, maxTokens - estimateTokens(marker));
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(text.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}${marker}`;
}

/** Cuts one line of text to `max` characters, so one giant log line cannot crowd out the rest. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
