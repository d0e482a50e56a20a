import type { LogRecord } from '../../domain/log-event.ts';
import { type Mention, mentionedServices } from './mentions.ts';

/**
 * The hosts of the URLs a line calls (`upstream=http://tax-engine.prod.svc:8080/quote`): a
 * structured field or an exception names the callee there, where the message itself may not.
 */
function urlHosts(raw: string | undefined): string[] {
  if (!raw) return [];
  const hosts: string[] = [];
  for (const m of raw.slice(0, 2000).matchAll(/\b(?:https?|grpcs?|dns|tcp):\/\/([a-z0-9][a-z0-9.-]*)/gi))
    if (m[1]) hosts.push(m[1]);
  return hosts;
}

/**
 * Fields of a structured line that name the other side of a call: OpenTelemetry's semantic
 * conventions (`peer.service`, `server.address`, `net.peer.name`, `db.name`, `db.namespace`,
 * `rpc.service`, `messaging.destination.name`), and the plain keys loggers use for the same
 * (`db`, `database`, `upstream`, `downstream`, `target`, `dependency`, `remote`, `peer`, `callee`).
 * Fields that say where the line came from (`hostname`, `service`, `pod`) are not among them.
 */
const PEER_KEY =
  /^(?:peer\.service|server\.address|net\.peer\.name|db\.name|db\.namespace|rpc\.service|messaging\.destination(?:\.name)?|(?:db|database|upstream|downstream|target|dependency|remote|peer|callee)(?:[._-]?(?:name|service|host))?)$/i;

function peerFields(fields: Record<string, unknown> | undefined): string[] {
  if (!fields) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.length <= 200 && PEER_KEY.test(key)) out.push(value);
  }
  return out;
}

/** What a line names as the services it called besides its message: URL hosts and peer fields. */
export function calleeText(record: LogRecord): string {
  return [...urlHosts(record.raw), ...peerFields(record.fields)].join(' ');
}

/**
 * The known services a line names, itself aside: in its message, in the exception it got (which
 * names what failed under it as much as the message does), and in its URL hosts and peer fields.
 */
export function servicesNamedBy(record: LogRecord, services: Iterable<string>, self: string): Mention[] {
  return mentionedServices(
    `${record.message} ${record.exception ?? ''} ${calleeText(record)}`,
    services,
    self,
  );
}
