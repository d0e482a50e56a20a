import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoghubSystem {
  name: string;
  contents: string[];
  eventIds: string[];
}

/** Parses one RFC 4180 CSV document into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function loadLoghub(dir: string): LoghubSystem[] {
  if (!existsSync(dir)) return [];
  const systems: LoghubSystem[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, `${name}_2k.log_structured.csv`);
    if (!existsSync(file)) continue;
    const [header, ...rows] = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    if (!header) continue;
    const contentAt = header.indexOf('Content');
    const eventAt = header.indexOf('EventId');
    const data = rows.filter((r) => r.length > Math.max(contentAt, eventAt));
    systems.push({
      name,
      contents: data.map((r) => (r[contentAt] ?? '').replace(/\n/g, ' ')),
      eventIds: data.map((r) => (r[eventAt] ?? '').trim()),
    });
  }
  return systems;
}

/** Grouping accuracy (Zhu et al., ICSE'19): share of lines whose predicted group equals their true group. */
export function groupingAccuracy(truth: string[], predicted: string[]): number {
  const keep = truth.map((t, i) => (t ? i : -1)).filter((i) => i >= 0);
  const byPred = new Map<string, number[]>();
  const truthSize = new Map<string, number>();
  for (const i of keep) {
    const p = predicted[i] ?? '';
    const list = byPred.get(p);
    if (list) list.push(i);
    else byPred.set(p, [i]);
    const t = truth[i] ?? '';
    truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  }
  let correct = 0;
  for (const members of byPred.values()) {
    const t = truth[members[0] ?? 0] ?? '';
    if (members.every((i) => truth[i] === t) && truthSize.get(t) === members.length)
      correct += members.length;
  }
  return keep.length === 0 ? 0 : correct / keep.length;
}
