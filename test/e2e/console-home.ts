import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileBlobStore } from '../../shared/adapters/local/file-blob-store.ts';
import { IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../shared/analysis/analyze.ts';
import { similarFor, withIncidentMemory } from '../../shared/analysis/similarity/incident-memory.ts';
import { openLocalMemory } from '../../shared/composition/local-memory.ts';
import type { LogEvent } from '../../shared/domain/log-event.ts';
import type { Report } from '../../shared/domain/report.ts';
import { incidentKey } from '../../shared/workflow/state.ts';
import { publishReport } from '../../shared/workflow/steps/publish.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/incidents/', import.meta.url));
const DAY_MS = 86_400_000;

/** Log text that must render as text: were it markup, it would open a dialog or add an element. */
export const HOSTILE_TEXT = '<script>alert(1)</script> <img src=x onerror=alert(1)>';

export interface SeededIncident {
  fixture: string;
  report: Report;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Moves every date written in `text` (ISO `yyyy-mm-ddT`, nginx error-log `yyyy/mm/dd hh:`,
 * access-log `dd/Mon/yyyy`) by `days`.
 */
function shiftDates(text: string, days: number): string {
  const move = (y: string, m: number, d: string) => new Date(Date.UTC(+y, m, +d) + days * DAY_MS);
  return text
    .replace(
      /\b(\d{4})\/(\d{2})\/(\d{2}) (?=\d{2}:)/g,
      (_, y, m, d) =>
        `${move(y, +m - 1, d)
          .toISOString()
          .slice(0, 10)
          .replaceAll('-', '/')} `,
    )
    .replace(
      /\b(\d{4})-(\d{2})-(\d{2})T/g,
      (_, y, m, d) =>
        `${move(y, +m - 1, d)
          .toISOString()
          .slice(0, 10)}T`,
    )
    .replace(/\b(\d{2})\/([A-Z][a-z]{2})\/(\d{4})\b/g, (whole, d, mon, y) => {
      if (!MONTHS.includes(mon)) return whole;
      const at = move(y, MONTHS.indexOf(mon), d);
      return `${String(at.getUTCDate()).padStart(2, '0')}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}`;
    });
}

/** An incident folder's report, its times moved by `days`; `edit` changes the events first. */
function analyzeFolder(
  fixture: string,
  edit: (events: LogEvent[]) => LogEvent[] = (e) => e,
  days = 0,
): Report {
  const input = new IncidentFolderSource(join(FIXTURES, fixture)).load();
  const alarmEvent: unknown = JSON.parse(shiftDates(JSON.stringify(input.alarmEvent), days));
  const events = edit([...input.events]).map((e) => ({
    ...e,
    timestamp: e.timestamp + days * DAY_MS,
    message: shiftDates(e.message, days),
  }));
  const result = analyzeIncident({ alarmEvent, events, clock: () => 0 });
  if (!result.ok) throw new Error(`${fixture}: ${result.error}`);
  return result.report;
}

const withHostileText = (events: LogEvent[]): LogEvent[] =>
  events.map((e) => (/\bERROR\b/.test(e.message) ? { ...e, message: `${e.message} ${HOSTILE_TEXT}` } : e));

/**
 * A console home (`<home>/dynamodb`, `<home>/blobs`) holding four published reports, published in this order:
 * a cache leak, a RabbitMQ partition whose error lines carry HOSTILE_TEXT, a disk-full, and the
 * cache leak again 30 days later (so it has a similar incident and a frequency label). Each is
 * published the way the workflow does: similar incidents, then `publishReport` (no-op notifier).
 */
export async function seedConsoleHome(home: string): Promise<SeededIncident[]> {
  const plan: { fixture: string; report: () => Report }[] = [
    {
      fixture: 'f02-itinerary-render-cache-leak',
      report: () => analyzeFolder('f02-itinerary-render-cache-leak'),
    },
    {
      fixture: 'f07-tickets-broker-partitioned',
      report: () => analyzeFolder('f07-tickets-broker-partitioned', withHostileText),
    },
    {
      fixture: 'f05-ledger-postgres-wal-volume-full',
      report: () => analyzeFolder('f05-ledger-postgres-wal-volume-full'),
    },
    {
      fixture: 'f02-itinerary-render-cache-leak+30d',
      report: () => analyzeFolder('f02-itinerary-render-cache-leak', (e) => e, 30),
    },
  ];
  const memory = await openLocalMemory(home);
  const blobs = new FileBlobStore(join(home, 'blobs'));
  const seeded: SeededIncident[] = [];
  try {
    for (const { fixture, report: analyze } of plan) {
      const analyzed = analyze();
      const similar = await similarFor(memory.store, analyzed, new Date(analyzed.alarm.triggeredAt));
      const report = withIncidentMemory(analyzed, similar);
      await publishReport(
        { incidentId: report.incidentId, alarmKey: incidentKey(report.incidentId, 'alarm.json') },
        report,
        {
          blobs,
          store: memory.store,
          notifier: { publish: async () => {} },
          consoleUrl: null,
        },
      );
      seeded.push({ fixture, report });
    }
  } finally {
    await memory.close();
  }
  return seeded;
}
