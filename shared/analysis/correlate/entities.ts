import type { LogRecord } from '../../domain/log-event.ts';

/** The things an incident's lines name, for the reader and for linking the evidence. */
export interface Entities {
  services: string[];
  hosts: string[];
  pods: string[];
  versions: string[];
  errorCodes: string[];
}

const MAX_PER_KIND = 25;
const HOST_PORT = /\b((?:\d{1,3}\.){3}\d{1,3}|[a-z][a-z0-9-]{1,62}(?:\.[a-z0-9-]+)*):(\d{2,5})\b/gi;
const POD = /\b([a-z][a-z0-9-]*?-[a-f0-9]{5,10}-[a-z0-9]{5})\b/g;
const VERSION =
  /\b(?:version|ver|release|tag)[=: ]+v?(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)|\bv(\d+\.\d+\.\d+)\b/gi;
const ERROR_CODE =
  /\b(E[A-Z]{3,}[A-Z_]*|[A-Z][A-Za-z]+(?:Exception|Error)|exit code \d+|HTTP\/\d\.\d" [45]\d\d|\b[45]\d\d (?:Service Unavailable|Bad Gateway|Gateway Timeout|Internal Server Error|Too Many Requests|Forbidden|Unauthorized)|SQLSTATE \w+|CrashLoopBackOff|OOMKilled)\b/g;

/** Extracts services, hosts, pods, versions and error codes from the given lines. */
export function extractEntities(records: Iterable<LogRecord>, services: Iterable<string>): Entities {
  const hosts = new Set<string>();
  const pods = new Set<string>();
  const versions = new Set<string>();
  const codes = new Set<string>();
  for (const r of records) {
    const text = r.message.length > 2000 ? r.message.slice(0, 2000) : r.message;
    for (const m of text.matchAll(HOST_PORT)) hosts.add(`${m[1]}:${m[2]}`);
    for (const m of text.matchAll(POD)) pods.add(m[1] as string);
    if (r.logStream) for (const m of r.logStream.matchAll(POD)) pods.add(m[1] as string);
    for (const m of text.matchAll(VERSION)) versions.add((m[1] ?? m[2]) as string);
    for (const m of text.matchAll(ERROR_CODE)) codes.add((m[1] as string).replace(/^HTTP\/\d\.\d" /, ''));
  }
  const cap = (s: Set<string>) => [...s].sort().slice(0, MAX_PER_KIND);
  return {
    services: [...new Set(services)].sort(),
    hosts: cap(hosts),
    pods: cap(pods),
    versions: cap(versions),
    errorCodes: cap(codes),
  };
}
