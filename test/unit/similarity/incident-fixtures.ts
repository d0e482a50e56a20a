import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import type { Report } from '../../../shared/domain/report.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/incidents/', import.meta.url));
const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Moves every date written in the text (ISO `yyyy-mm-ddT`, nginx error-log `yyyy/mm/dd hh:` and
 * access-log `dd/Mon/yyyy`) by `days`.
 */
function shiftDates(text: string, days: number): string {
  const move = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) + days * DAY_MS);
  return text
    .replace(
      /\b(\d{4})\/(\d{2})\/(\d{2}) (?=\d{2}:)/g,
      (_, y, m, d) =>
        `${move(+y, +m - 1, +d)
          .toISOString()
          .slice(0, 10)
          .replaceAll('-', '/')} `,
    )
    .replace(
      /\b(\d{4})-(\d{2})-(\d{2})T/g,
      (_, y, m, d) =>
        `${move(+y, +m - 1, +d)
          .toISOString()
          .slice(0, 10)}T`,
    )
    .replace(/\b(\d{2})\/([A-Z][a-z]{2})\/(\d{4})\b/g, (whole, d, mon, y) => {
      const month = MONTHS.indexOf(mon);
      if (month < 0) return whole;
      const at = move(+y, month, +d);
      return `${String(at.getUTCDate()).padStart(2, '0')}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}`;
    });
}

/** An incident folder's alarm event and events, every time moved by `days`: a recurrence. */
export function loadIncident(name: string, days = 0): { alarmEvent: unknown; events: LogEvent[] } {
  const input = new IncidentFolderSource(join(FIXTURES, name)).load();
  const events = [...input.events];
  if (days === 0) return { alarmEvent: input.alarmEvent, events };
  return {
    alarmEvent: JSON.parse(shiftDates(JSON.stringify(input.alarmEvent), days)),
    events: events.map((e) => ({
      ...e,
      timestamp: e.timestamp + days * DAY_MS,
      message: shiftDates(e.message, days),
    })),
  };
}

/** The report of an incident folder, its times moved by `days`. */
export function analyzeFixture(name: string, days = 0): Report {
  const result = analyzeIncident({ ...loadIncident(name, days), clock: () => 0 });
  if (!result.ok) throw new Error(result.error);
  return result.report;
}

/** Writes the incident moved by `days` as a folder (alarm.json + logs.jsonl) under `parent`. */
export function writeShiftedFolder(parent: string, name: string, days: number): string {
  const { alarmEvent, events } = loadIncident(name, days);
  const dir = join(parent, `${name}+${days}d`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'alarm.json'), JSON.stringify(alarmEvent));
  writeFileSync(join(dir, 'logs.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return dir;
}

export const CACHE_LEAK = 'f02-itinerary-render-cache-leak';
export const UNRELATED = [
  'f03-statement-export-connection-leak',
  'f05-ledger-postgres-wal-volume-full',
  'f07-tickets-broker-partitioned',
];
