import { statusFromValue } from '../http-status.ts';
import { levelFromHttpStatus } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { readLeadingTimestamp } from '../timestamp.ts';

/**
 * Application Load Balancer access log entries, field by field as the Elastic Load Balancing user
 * guide documents them ("Access log entries"). The load balancer only reports: the line is about the
 * target it forwarded to, so the line's service is the target group (else the target's address) and
 * the load balancer is kept as the line's `reporter`.
 */

/** The documented field order; entries of older load balancers end earlier, newer ones add fields. */
const FIELD = {
  type: 0,
  time: 1,
  elb: 2,
  client: 3,
  target: 4,
  requestProcessingTime: 5,
  targetProcessingTime: 6,
  responseProcessingTime: 7,
  elbStatus: 8,
  targetStatus: 9,
  receivedBytes: 10,
  sentBytes: 11,
  request: 12,
  userAgent: 13,
  sslCipher: 14,
  sslProtocol: 15,
  targetGroupArn: 16,
  traceId: 17,
  domainName: 18,
  chosenCertArn: 19,
  matchedRulePriority: 20,
  requestCreationTime: 21,
  actionsExecuted: 22,
  redirectUrl: 23,
  errorReason: 24,
  targetPortList: 25,
  targetStatusCodeList: 26,
  classification: 27,
  classificationReason: 28,
  connTraceId: 29,
} as const;

/** Up to the request every entry has these (the request is last when a long line was cut inside it). */
const MIN_FIELDS = FIELD.request + 1;
const MAX_FIELDS = 40;
const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const STATUS = /^(?:\d{3}|-)$/;
// `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>`; names are 1-32 of [A-Za-z0-9-].
const TARGET_GROUP = /:targetgroup\/([A-Za-z0-9-]{1,32})\//;
// `app/<name>/<id>`
const LOAD_BALANCER = /^[a-z]+\/([A-Za-z0-9-]{1,32})\/[0-9a-f]+$/;
const TARGET_GROUP_WORDS = new Set(['tg', 'tgt', 'targetgroup', 'targets']);
const NUMBER = /^\d+(?:\.\d+)?$/;

interface Token {
  text: string;
  quoted: boolean;
}

/** Space-separated fields, a quoted field running to its closing quote (backslash escapes allowed). */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length && out.length < MAX_FIELDS) {
    if (line[i] === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      out.push({ text: line.slice(i + 1, Math.min(j, line.length)), quoted: true });
      i = j + 1;
    } else {
      let j = line.indexOf(' ', i);
      if (j === -1) j = line.length;
      out.push({ text: line.slice(i, j), quoted: false });
      i = j;
    }
    while (line[i] === ' ') i++;
  }
  return out;
}

function looksLikeEntry(tokens: Token[]): boolean {
  return (
    tokens.length >= MIN_FIELDS &&
    TYPES.has(tokens[FIELD.type]?.text ?? '') &&
    ISO_TIME.test(tokens[FIELD.time]?.text ?? '') &&
    STATUS.test(tokens[FIELD.elbStatus]?.text ?? '') &&
    STATUS.test(tokens[FIELD.targetStatus]?.text ?? '') &&
    tokens[FIELD.request]?.quoted === true &&
    (tokens.length === MIN_FIELDS || tokens[FIELD.userAgent]?.quoted === true)
  );
}

/** A field's value, undefined for the documented `-` (not set) and for fields the entry lacks. */
function fieldValue(tokens: Token[], index: number): string | undefined {
  const text = tokens[index]?.text;
  return text === undefined || text === '-' || text.length === 0 ? undefined : text;
}

/** A time or byte count; the documented -1 (not dispatched, or no answer in time) is no measure. */
function numberOf(tokens: Token[], index: number): number | undefined {
  const text = fieldValue(tokens, index);
  if (text === undefined || !NUMBER.test(text)) return undefined;
  return Number(text);
}

/** The target's host without its port, when it is a readable address (not masked, not absent). */
function targetHost(target: string | undefined): string | undefined {
  if (target === undefined || target.includes('[REDACTED:')) return undefined;
  const host = target.startsWith('[') ? target.slice(1, target.indexOf(']')) : target.replace(/:\d+$/, '');
  return /^[A-Za-z0-9.:-]{1,253}$/.test(host) ? host : undefined;
}

/**
 * Whom the entry is about: the target group, else the target's address. An error of the load
 * balancer's own authentication step (the `Auth*` error reasons) is about the identity provider, not
 * the target, so the entry names no subject and stays the load balancer's.
 */
function subjectOf(tokens: Token[], errorReason: string | undefined): string | undefined {
  if (errorReason?.startsWith('Auth')) return undefined;
  const group = targetGroupOf(tokens);
  return group === undefined ? targetHost(fieldValue(tokens, FIELD.target)) : serviceOfTargetGroup(group);
}

function targetGroupOf(tokens: Token[]): string | undefined {
  return TARGET_GROUP.exec(fieldValue(tokens, FIELD.targetGroupArn) ?? '')?.[1];
}

/**
 * The service behind a target group: its name without the words that only say "target group"
 * (`checkout-tg`, `tg-checkout-blue`), so the load balancer's view of a target joins the target's
 * own logs, named for the service. A name of nothing else stays whole.
 */
function serviceOfTargetGroup(name: string): string {
  const parts = name.split('-').filter((part) => !TARGET_GROUP_WORDS.has(part.toLowerCase()));
  const service = parts.filter((part) => part.length > 0).join('-');
  return service.length > 0 ? service : name;
}

function setIfDefined(fields: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) fields[key] = value;
}

function addRequest(fields: Record<string, unknown>, request: string): void {
  const [method, url, protocol] = request.split(' ');
  if (method !== undefined && /^[A-Z]{3,10}$/.test(method)) fields.method = method;
  if (url !== undefined) fields.path = url;
  if (protocol !== undefined) fields.protocol = protocol;
}

/** The X-Ray id of `Root=1-...`: the form services print in their own lines. */
function traceRoot(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const root = /(?:^|;)Root=([^;]+)/.exec(value)?.[1];
  return root ?? value;
}

function fieldsOf(tokens: Token[], subject: string | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const elb = fieldValue(tokens, FIELD.elb);
  setIfDefined(fields, 'type', fieldValue(tokens, FIELD.type));
  setIfDefined(fields, 'elb', elb);
  setIfDefined(fields, 'reporter', elb === undefined ? undefined : (LOAD_BALANCER.exec(elb)?.[1] ?? elb));
  setIfDefined(fields, 'subject', subject);
  setIfDefined(fields, 'client', fieldValue(tokens, FIELD.client));
  setIfDefined(fields, 'target', fieldValue(tokens, FIELD.target));
  setIfDefined(fields, 'requestProcessingTime', numberOf(tokens, FIELD.requestProcessingTime));
  setIfDefined(fields, 'targetProcessingTime', numberOf(tokens, FIELD.targetProcessingTime));
  setIfDefined(fields, 'responseProcessingTime', numberOf(tokens, FIELD.responseProcessingTime));
  setIfDefined(fields, 'status', statusFromValue(fieldValue(tokens, FIELD.elbStatus)));
  setIfDefined(fields, 'targetStatus', statusFromValue(fieldValue(tokens, FIELD.targetStatus)));
  setIfDefined(fields, 'receivedBytes', numberOf(tokens, FIELD.receivedBytes));
  setIfDefined(fields, 'sentBytes', numberOf(tokens, FIELD.sentBytes));
  const request = tokens[FIELD.request]?.text ?? '';
  fields.request = request;
  addRequest(fields, request);
  setIfDefined(fields, 'userAgent', fieldValue(tokens, FIELD.userAgent));
  setIfDefined(fields, 'targetGroup', targetGroupOf(tokens));
  setIfDefined(fields, 'targetGroupArn', fieldValue(tokens, FIELD.targetGroupArn));
  setIfDefined(fields, 'traceId', traceRoot(fieldValue(tokens, FIELD.traceId)));
  setIfDefined(fields, 'domainName', fieldValue(tokens, FIELD.domainName));
  setIfDefined(fields, 'actionsExecuted', fieldValue(tokens, FIELD.actionsExecuted));
  setIfDefined(fields, 'redirectUrl', fieldValue(tokens, FIELD.redirectUrl));
  setIfDefined(fields, 'errorReason', fieldValue(tokens, FIELD.errorReason));
  setIfDefined(fields, 'targetPortList', fieldValue(tokens, FIELD.targetPortList));
  setIfDefined(fields, 'targetStatusCodeList', fieldValue(tokens, FIELD.targetStatusCodeList));
  setIfDefined(fields, 'classification', fieldValue(tokens, FIELD.classification));
  setIfDefined(fields, 'classificationReason', fieldValue(tokens, FIELD.classificationReason));
  setIfDefined(fields, 'connTraceId', fieldValue(tokens, FIELD.connTraceId));
  return fields;
}

/**
 * The entry's message: request, the load balancer's and the target's status, the error reason when
 * there is one, and the target's time as `in N s` so that a routine line's rising time is read as a
 * number like any other. The ARNs, ids and TLS fields stay in `fields`.
 */
function messageOf(tokens: Token[], errorReason: string | undefined): string {
  const parts = [
    `"${tokens[FIELD.request]?.text ?? ''}"`,
    tokens[FIELD.elbStatus]?.text ?? '-',
    tokens[FIELD.targetStatus]?.text ?? '-',
  ];
  const targetTime = numberOf(tokens, FIELD.targetProcessingTime);
  if (targetTime !== undefined) parts.push(`in ${targetTime} s`);
  if (errorReason !== undefined) parts.push(errorReason);
  return parts.join(' ');
}

/** An ALB access log entry; its level follows the load balancer's status (else the target's). */
export function recogniseAlbAccess(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.line;
  // Cheap first test: every entry begins with its request type.
  const space = line.slice(0, 6).indexOf(' ');
  if (space < 2 || space > 5 || !TYPES.has(line.slice(0, space))) return undefined;
  const tokens = tokenize(line);
  if (!looksLikeEntry(tokens)) return undefined;
  const errorReason = fieldValue(tokens, FIELD.errorReason);
  const subject = subjectOf(tokens, errorReason);
  const status =
    statusFromValue(fieldValue(tokens, FIELD.elbStatus)) ??
    statusFromValue(fieldValue(tokens, FIELD.targetStatus));
  return {
    style: 'access',
    at: readLeadingTimestamp(tokens[FIELD.time]?.text ?? '', ctx.eventMs)?.at,
    level: status === undefined ? 'INFO' : levelFromHttpStatus(status),
    service: subject,
    message: messageOf(tokens, errorReason),
    fields: fieldsOf(tokens, subject),
    statusCode: status,
  };
}
