import { parseTimestamp } from '../domain/timestamp.ts';

/** Small value formatters shared by every rendering, so all of them show the same numbers. */

/** A 0..1 score as a whole percentage: `0.86` → `86%`. */
export function formatPercent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** An ISO-8601 timestamp as `YYYY-MM-DD HH:MM:SS UTC`; text that is not a timestamp is returned as is. */
export function formatUtc(iso: string): string {
  const ms = parseTimestamp(iso);
  if (ms === null) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Seconds as `45s`, `4m 05s` or `1h 02m 03s` (rounded to the second). */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${pad2(m)}m ${pad2(s)}s`;
  if (m > 0) return `${m}m ${pad2(s)}s`;
  return `${s}s`;
}

/** Milliseconds as `412 ms` below a second, else as `formatDuration`. */
export function formatMilliseconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000);
}

/** An integer with thousands separators: `10000` → `10,000` (locale-independent). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 line` / `2 lines`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** Cuts `text` to at most `max` UTF-16 units, ending in `…` when cut; never splits a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
