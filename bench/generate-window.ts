/**
 * A generated analysis window of any size with a known answer: the bundled example (itinerary-service
 * OOMKilled after a rollout; truth in test/fixtures/incidents/f02-itinerary-render-cache-leak/expected.json) scaled by
 * copying every event `factor` times. Copies go to more pods (log streams) of the same services,
 * spread over the 30 s after the original (the first occurrence of each line is unchanged), with
 * their ids, sizes and addresses re-drawn, so the miner sees the variety of a real window and not
 * the same string a million times. Written as a stream: the file can be far larger than memory.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../shared/adapters/local/incident-folder.ts';
import type { LogEvent } from '../shared/domain/log-event.ts';
import { mulberry32 } from './generate-messages.ts';

export const SOURCE_INCIDENT = fileURLToPath(
  new URL('../examples/itinerary-render-cache-leak', import.meta.url),
);
export const EXPECTED = { rootCauseService: 'itinerary-service', faultClass: 'memory_exhaustion' };

export interface WindowOptions {
  /** Events to write, at least (whole copies of the source incident). */
  events: number;
  /** Pods (log streams) per original stream. */
  podsPerStream?: number;
  seed?: number;
}

/** Long numbers not part of a date or time (4+ digits, no `:`, `/`, `.`, `+`, `-` or `T` beside them). */
const VARIABLE_NUMBER = /(?<![\d:/.T+-])\d{4,}(?![\d:/-])/g;
const IP_LAST_OCTET = /\b(10\.\d{1,3}\.\d{1,3}\.)\d{1,3}\b/g;

export function writeWindow(dir: string, options: WindowOptions): { events: number; bytes: number } {
  const source = new IncidentFolderSource(SOURCE_INCIDENT).load();
  const base = [...source.events].sort((a, b) => a.timestamp - b.timestamp);
  const factor = Math.max(1, Math.ceil(options.events / base.length));
  const pods = Math.max(1, options.podsPerStream ?? 16);
  const random = mulberry32(options.seed ?? 7);
  const digits = (length: number) => {
    let s = String(1 + Math.floor(random() * 9));
    while (s.length < length) s += String(Math.floor(random() * 10));
    return s;
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'alarm.json'), `${JSON.stringify(source.alarmEvent, null, 2)}\n`);
  const fd = openSync(join(dir, 'logs.jsonl'), 'w');
  let events = 0;
  let bytes = 0;
  let chunk: string[] = [];
  const flush = () => {
    const text = chunk.join('');
    bytes += writeSync(fd, text);
    chunk = [];
  };
  try {
    for (const event of base) {
      for (let k = 0; k < factor; k++) {
        const copy: LogEvent = {
          logGroup: event.logGroup,
          timestamp: event.timestamp + Math.floor((k * 30_000) / factor),
          message:
            k === 0
              ? event.message
              : event.message
                  .replace(VARIABLE_NUMBER, (m) => digits(m.length))
                  .replace(IP_LAST_OCTET, (_m, head: string) => `${head}${Math.floor(random() * 254) + 1}`),
        };
        if (event.logStream !== undefined) copy.logStream = `${event.logStream}-${k % pods}`;
        chunk.push(`${JSON.stringify(copy)}\n`);
        events++;
        if (chunk.length >= 10_000) flush();
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { events, bytes };
}
