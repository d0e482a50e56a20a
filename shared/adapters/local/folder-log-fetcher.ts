import type { LogEvent } from '../../domain/log-event.ts';
import type { FetchOutcome, FetchRequest, LogFetcher } from '../../ports/log-fetcher.ts';
import { IncidentFolderSource } from './incident-folder.ts';

/**
 * The log store of an incident folder: its logs.jsonl plays CloudWatch Logs for the local
 * workflow. It returns every event of the folder, as the direct run reads them, so both runs
 * analyze the same lines; the analysis itself places them in or out of its windows.
 */
export class FolderLogFetcher implements LogFetcher {
  constructor(private readonly dir: string) {}

  knownLogGroups(): string[] {
    const groups = new Set<string>();
    for (const event of new IncidentFolderSource(this.dir).load().events) groups.add(event.logGroup);
    return [...groups].sort();
  }

  fetch(_request: FetchRequest): { events: AsyncIterable<LogEvent>; outcome: FetchOutcome } {
    const input = new IncidentFolderSource(this.dir).load();
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
