import { findLevelWord } from './level.ts';
import { HEAD_LIMIT, MESSAGE_LIMIT } from './limits.ts';
import type { SafeEvent } from './safe-event.ts';
import { serviceFromLogGroup } from './service.ts';
import { summariseStack } from './stack.ts';
import type { LineContext, StyleMatch } from './style-match.ts';
import { recogniseAwsServiceEvent } from './styles/aws-event.ts';
import { recogniseCloudTrailObject } from './styles/cloudtrail.ts';
import { unwrapContainerEnvelope } from './styles/container-envelope.ts';
import { TEXT_STYLES } from './styles/index.ts';
import { recogniseJsonObject, salvageJson } from './styles/json.ts';
import { parseJsonObject } from './styles/json-object.ts';
import { recogniseK8sEventObject } from './styles/k8s-event.ts';
import { recogniseLambdaPlatformObject } from './styles/lambda.ts';
import { firstLineOf, splitLines, stripAnsi } from './text.ts';
import { readLeadingTimestamp } from './timestamp.ts';

/** A style match with its message body resolved to text. */
export interface Recognised {
  match: StyleMatch;
  message: string;
  head: string;
}

export function lineContext(
  message: string,
  eventMs: number,
  logGroup: string,
  groupService: string,
): LineContext {
  const line = stripAnsi(firstLineOf(message)).trimEnd();
  const head = line.slice(0, HEAD_LIMIT);
  return {
    message,
    line,
    head,
    leading: readLeadingTimestamp(head, eventMs),
    eventMs,
    logGroup,
    groupService,
  };
}

function bodyOf(ctx: LineContext, match: StyleMatch): string {
  const text = match.message ?? ctx.line.slice(match.bodyStart ?? 0);
  return text.slice(0, MESSAGE_LIMIT).trim();
}

function recogniseJson(ctx: LineContext, allowEnvelope: boolean): Recognised {
  const parsed = parseJsonObject(ctx.message.trim());
  if ('error' in parsed) {
    const match = salvageJson(ctx, parsed.error);
    return { match, message: bodyOf(ctx, match), head: ctx.head };
  }
  const obj = parsed.value;
  const envelope = allowEnvelope ? unwrapContainerEnvelope(obj, ctx.eventMs) : undefined;
  if (envelope) {
    const inner = recogniseIn(
      lineContext(envelope.inner, ctx.eventMs, ctx.logGroup, ctx.groupService),
      false,
    );
    const match: StyleMatch = {
      ...inner.match,
      at: inner.match.at ?? envelope.at,
      service: inner.match.service ?? envelope.service,
      fields: { ...(inner.match.fields ?? {}), container: envelope.meta },
      ...stackInside(envelope.inner, inner.match),
    };
    return { match, message: inner.message, head: inner.head };
  }
  const match =
    recogniseCloudTrailObject(obj, ctx) ??
    recogniseAwsServiceEvent(obj, ctx) ??
    recogniseK8sEventObject(obj, ctx) ??
    recogniseLambdaPlatformObject(obj, ctx) ??
    recogniseJsonObject(obj, ctx);
  return { match, message: bodyOf(ctx, match), head: ctx.head };
}

/**
 * A stack trace the runtime wrapped whole in one envelope (`"log": "Traceback …\n…\nOSError: …"`):
 * what failed, read as from a trace that spans events.
 */
function stackInside(inner: string, match: StyleMatch): Partial<StyleMatch> {
  const lines = splitLines(inner);
  if (lines.length < 2) return {};
  const summary = summariseStack(lines);
  const exception = summary.exception ?? match.exception;
  const level =
    summary.level === 'FATAL' || (summary.level === 'ERROR' && (match.level ?? 'UNKNOWN') === 'UNKNOWN')
      ? summary.level
      : match.level;
  return {
    ...(exception === undefined ? {} : { exception }),
    ...(level === undefined ? {} : { level }),
  };
}

function recogniseIn(ctx: LineContext, allowEnvelope: boolean): Recognised {
  if (ctx.message.trimStart().startsWith('{')) return recogniseJson(ctx, allowEnvelope);
  for (const recognise of TEXT_STYLES) {
    const match = recognise(ctx);
    if (match) return { match, message: bodyOf(ctx, match), head: ctx.head };
  }
  const raw: StyleMatch = {
    style: 'raw',
    level: findLevelWord(ctx.head),
    bodyStart: 0,
    unparsedNote: 'no known log style',
  };
  return { match: raw, message: bodyOf(ctx, raw), head: ctx.head };
}

/** Which style a message is in and what its first line says. Never throws. */
export function recognise(event: SafeEvent): Recognised {
  const groupService = serviceFromLogGroup(event.logGroup);
  return recogniseIn(lineContext(event.message, event.eventMs, event.logGroup, groupService), true);
}
