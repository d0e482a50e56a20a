import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent } from '../../domain/log-event.ts';
import type { FetchOutcome, FetchRequest, LogFetcher } from '../../ports/log-fetcher.ts';
import { IncidentFolderSource } from './incident-folder.ts';
import { scanLogGroups } from './log-group-scan.ts';

/**
 * The log store of an incident folder: its logs.jsonl plays CloudWatch Logs for the local
 * workflow. A fetch returns the events of the requested groups in the requested range, and on an
 * open edge of the analysis window (`openStart`, `openEnd`) every event beyond it too: over the
 * slices of a window each line of the requested groups is read exactly once, as the direct run
 * reads them (the analysis itself places them in or out of its windows). The file is streamed,
 * never held: a window of millions of events passes through in bounded memory.
 */
export class FolderLogFetcher implements LogFetcher {
  constructor(private readonly dir: string) {}

  /**
   * The groups the folder's lines name, sorted: what DescribeLogGroups is to CloudWatch Logs. Found
   * without parsing most events (the fetch parses them once, after): a line opening with its
   * `"logGroup"` key and a plain string value, the key nowhere else in the line, is read in place;
   * any other line is parsed as JSON. Like DescribeLogGroups, it
   * lists a group whatever its events hold: a line naming a group but rejected by the fetch (no
   * timestamp, say) still names it.
   */
  knownLogGroups(): string[] {
    // The folder is checked as the fetch checks it (the events, read lazily, are not touched).
    new IncidentFolderSource(this.dir).load();
    const path = join(this.dir, 'logs.jsonl');
    if (!existsSync(path)) return [];
    return [...scanLogGroups(path)].sort();
  }

  fetch(request: FetchRequest): { events: AsyncIterable<LogEvent>; outcome: FetchOutcome } {
    // Only the requested events are masked: a slice of a few groups pays for its own lines.
    const input = new IncidentFolderSource(this.dir).load(inRequest(request));
    const outcome: FetchOutcome = { events: 0, bytes: 0, truncated: false, notes: input.notes };
    async function* events(): AsyncGenerator<LogEvent> {
      for (const event of input.events) {
        outcome.events++;
        outcome.bytes += event.message.length;
        yield event;
      }
    }
    return { events: events(), outcome };
  }
}

/**
 * Whether an event is the request's: one of its groups, and a timestamp `t` with
 * `startTime <= t < endTime + 1` (whole milliseconds inclusive, a fraction between two slices in
 * the earlier), any before the start on an open start, any after the end on an open end.
 */
export function inRequest(request: FetchRequest): (event: LogEvent) => boolean {
  const groups = new Set(request.logGroups);
  const from = request.openStart ? Number.NEGATIVE_INFINITY : request.startTime;
  const until = request.openEnd ? Number.POSITIVE_INFINITY : request.endTime + 1;
  return (event) => groups.has(event.logGroup) && event.timestamp >= from && event.timestamp < until;
}
