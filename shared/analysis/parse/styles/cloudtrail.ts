import type { LineContext, StyleMatch } from '../style-match.ts';
import { isRecord, stringField } from '../text.ts';
import { timestampFromValue } from '../timestamp.ts';

const RESOURCE_KEYS = [
  'service',
  'functionName',
  // Application Auto Scaling's scalable target (`service/CLUSTER/SERVICE` for ECS).
  'resourceId',
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

function resourceKeyOf(params: Record<string, unknown>): string | undefined {
  return RESOURCE_KEYS.find((key) => {
    const value = params[key];
    return typeof value === 'string' && value.length > 0 && value.length <= 256;
  });
}

const MAX_SETTINGS = 8;
const MAX_SETTING_LENGTH = 160;

/**
 * What the call set, besides the resource it names: the request's plain values and those of its
 * objects one level down (`desiredCount=0`, `memorySize=512`, `minCapacity=0`), so a change says
 * what it changed. Deeper objects (a function's environment variables) and lists are left out.
 * A service event's details (`secret_arn` of a rotation) are read the same way.
 */
function settingsOf(params: Record<string, unknown>, resourceKey: string | undefined): string[] {
  const settings: string[] = [];
  const add = (key: string, value: unknown) => {
    if (settings.length >= MAX_SETTINGS) return;
    const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    if (
      typeof text === 'string' &&
      text.length > 0 &&
      text.length <= MAX_SETTING_LENGTH &&
      !/[\n\r]/.test(text)
    )
      settings.push(`${key}=${text}`);
  };
  for (const [key, value] of Object.entries(params)) {
    if (key === resourceKey) continue;
    if (isRecord(value)) for (const [inner, leaf] of Object.entries(value)) add(inner, leaf);
    else add(key, value);
  }
  return settings;
}

/**
 * A CloudTrail record: a change to the account. The message says what was called on what, with what
 * settings, by whom, e.g. `ecs:UpdateService service=payments-worker (desiredCount=0) by arn:aws:iam::…:user/deploy`.
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
  const params = isRecord(record.requestParameters) ? record.requestParameters : {};
  const resourceKey = resourceKeyOf(params);
  // A service event (a rotation that completed) says what it acted on in its details.
  const details = isRecord(record.serviceEventDetails) ? record.serviceEventDetails : {};
  const settings = settingsOf({ ...details, ...params }, resourceKey);
  const principal = principalOf(record);
  let message = `${source}:${String(record.eventName)}`;
  if (resourceKey !== undefined) message += ` ${resourceKey}=${String(params[resourceKey])}`;
  if (settings.length > 0) message += ` (${settings.join(', ')})`;
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
