import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/itinerary-render-cache-leak', import.meta.url));

/** The alarm of examples/itinerary-render-cache-leak, the incident `manyStreams` scales. */
export const EXAMPLE_ALARM = join(EXAMPLE, 'alarm.json');

/**
 * logs.jsonl of the example with every event copied onto `copies` streams (a few ms apart), and
 * Java stack traces logged one line per event, interleaved across the streams: a report of it
 * depends on every stream's lines being folded together, in order.
 */
export function manyStreams(copies: number): string {
  const source = new IncidentFolderSource(EXAMPLE).load();
  const lines: string[] = [];
  let n = 0;
  for (const e of source.events) {
    const streams = Array.from({ length: copies }, (_, k) => ({
      ...e,
      logStream: `${e.logStream ?? 'stream'}#${k}`,
      timestamp: e.timestamp + k,
    }));
    for (const copy of streams) lines.push(JSON.stringify(copy));
    if (!e.logGroup.endsWith('itinerary-service') || n++ % 40 !== 0) continue;
    const trace = [
      `java.lang.IllegalStateException: render cache refused itinerary ${n}`,
      '\tat com.ferncastle.trips.cache.RenderCache.computeIfAbsent(RenderCache.java:74)',
      '\tat com.ferncastle.trips.web.ItineraryController.get(ItineraryController.java:58)',
      '\t... 12 more',
    ];
    trace.forEach((message, i) => {
      for (const copy of streams)
        lines.push(JSON.stringify({ ...copy, timestamp: copy.timestamp + i, message }));
    });
  }
  return `${lines.join('\n')}\n`;
}
