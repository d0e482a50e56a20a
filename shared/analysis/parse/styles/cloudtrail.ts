import type { LineContext, StyleMatch } from '../style-match.ts';
import { isRecord, stringField } from '../text.ts';
import { timestampFromValue } from '../timestamp.ts';

const RESOURCE_KEYS = [
  'service',
  'functionName',
  'dBInstanceIdentifier',
  'dBClusterIdentifier',
  'tableName',
  'bucketName',
  'cluster',
  'autoScalingGroupName',
  'roleName',
  'userName',
  'policyArn',
  'groupId',
  'name',
  'stackName',
  'key',
];

function asCloudTrailRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) &&
    typeof value.eventSource === 'string' &&
    typeof value.eventName === 'string' &&
    (value.eventVersion !== undefined || value.eventTime !== undefined)
    ? value
    : undefined;
}

/** The CloudTrail record in an object: itself, an EventBridge "AWS API Call via CloudTrail" detail, or `Records[0]`. */
function recordOf(obj: Record<string, unknown>): Record<string, unknown> | undefined {
  return (
    asCloudTrailRecord(obj) ??
    asCloudTrailRecord(obj.detail) ??
    (Array.isArray(obj.Records) ? asCloudTrailRecord(obj.Records[0]) : undefined)
  );
}

function principalOf(record: Record<string, unknown>): string | undefined {
  const identity = isRecord(record.userIdentity) ? record.userIdentity : {};
  return stringField(identity, 'arn', 'userName', 'principalId', 'invokedBy', 'type');
}

function resourceOf(record: Record<string, unknown>): string | undefined {
  const params = isRecord(record.requestParameters) ? record.requestParameters : undefined;
  if (!params) return undefined;
  for (const key of RESOURCE_KEYS) {
    const value = params[key];
    if (typeof value === 'string' && value.length > 0 && value.length <= 256) return `${key}=${value}`;
  }
  return undefined;
}

/**
 * A CloudTrail record: a change to the account. The message says what was called on what by whom,
 * e.g. `ecs:UpdateService service=payments-worker by arn:aws:iam::…:user/deploy`.
 */
export function recogniseCloudTrailObject(
  obj: Record<string, unknown>,
  ctx: LineContext,
): StyleMatch | undefined {
  const record = recordOf(obj);
  if (!record) return undefined;
  const source = String(record.eventSource).replace(/\.amazonaws\.com$/, '');
  const errorCode = stringField(record, 'errorCode');
  const errorMessage = stringField(record, 'errorMessage');
  const resource = resourceOf(record);
  const principal = principalOf(record);
  let message = `${source}:${String(record.eventName)}`;
  if (resource !== undefined) message += ` ${resource}`;
  if (principal !== undefined) message += ` by ${principal}`;
  if (errorCode !== undefined) message += ` failed: ${errorCode}${errorMessage ? `: ${errorMessage}` : ''}`;
  return {
    style: 'cloudtrail',
    at: timestampFromValue(record.eventTime, ctx.eventMs),
    level: errorCode === undefined ? 'INFO' : 'WARN',
    service: 'cloudtrail',
    message,
    fields: record,
  };
}
