import { LOG_GROUPS_TAG, type StageLogGroups } from '../deployment/log-groups.ts';
import type { Alarm } from '../domain/alarm.ts';

/** The stage's log groups: by alarm name or prefix ending in `*`, else the default ones. */
export type LogGroupStageConfig = Partial<StageLogGroups>;

export interface LogGroupResolutionInput {
  alarm: Alarm;
  alarmTags?: Record<string, string>;
  stageConfig?: LogGroupStageConfig;
  /** Named by the caller (the CLI's `--log-groups`): overrides every other source. */
  explicit?: string[];
}

export interface LogGroupResolution {
  logGroups: string[];
  /** Where each group came from, or why none was found: shown in the report. */
  reasons: string[];
}

interface Candidate {
  group: string;
  reason: string;
}

/**
 * Picks the log groups to read for an alarm. The first source that names any group wins, in this
 * order: the explicit list, the stage configuration (exact alarm name, then the longest matching
 * `prefix*`), the alarm's `incidentiq:log-groups` tag, the alarm's metric dimensions, the stage's
 * default groups. Sources are not merged: a more specific source is a deliberate choice that a
 * guess from the dimensions should not dilute.
 */
export function resolveLogGroups(input: LogGroupResolutionInput): LogGroupResolution {
  const { alarm, alarmTags, stageConfig, explicit } = input;
  const notes: string[] = [];

  const fromExplicit = cleanNames(explicit ?? []).map((group) => ({
    group,
    reason: `${group}: named explicitly (--log-groups)`,
  }));
  if (fromExplicit.length > 0) return finish(fromExplicit, notes);

  const fromStage = stageMapping(alarm.name, stageConfig?.alarmLogGroups ?? {});
  if (fromStage.length > 0) return finish(fromStage, notes);

  const tagValue = alarmTags?.[LOG_GROUPS_TAG];
  const fromTag = cleanNames(tagValue?.split(',') ?? []).map((group) => ({
    group,
    reason: `${group}: from the alarm tag ${LOG_GROUPS_TAG}`,
  }));
  if (fromTag.length > 0) return finish(fromTag, notes);

  const fromDimensions = dimensionGroups(alarm, notes);
  if (fromDimensions.length > 0) return finish(fromDimensions, notes);

  const fromDefault = cleanNames(stageConfig?.defaultLogGroups ?? []).map((group) => ({
    group,
    reason: `${group}: a default log group of the stage configuration (nothing more specific names one)`,
  }));
  if (fromDefault.length > 0) return finish(fromDefault, notes);

  return {
    logGroups: [],
    reasons: [
      `No log group found for alarm '${alarm.name}': no --log-groups, no stage mapping, no ${LOG_GROUPS_TAG} tag, ` +
        'no metric dimension that names a log group, and no default log groups.',
      ...notes,
    ],
  };
}

function finish(candidates: Candidate[], notes: string[]): LogGroupResolution {
  const seen = new Set<string>();
  const logGroups: string[] = [];
  const reasons: string[] = [];
  for (const { group, reason } of candidates) {
    if (seen.has(group)) continue;
    seen.add(group);
    logGroups.push(group);
    reasons.push(reason);
  }
  return { logGroups, reasons: [...reasons, ...notes] };
}

function cleanNames(names: string[]): string[] {
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

function stageMapping(alarmName: string, mapping: Record<string, string[]>): Candidate[] {
  const exact = Object.hasOwn(mapping, alarmName) ? mapping[alarmName] : undefined;
  if (exact !== undefined) {
    return cleanNames(exact).map((group) => ({
      group,
      reason: `${group}: the stage configuration maps alarm '${alarmName}' to it`,
    }));
  }
  let best: { key: string; prefix: string } | undefined;
  for (const key of Object.keys(mapping)) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (!alarmName.startsWith(prefix)) continue;
    if (best === undefined || prefix.length > best.prefix.length) best = { key, prefix };
  }
  if (best === undefined) return [];
  const key = best.key;
  return cleanNames(mapping[key] ?? []).map((group) => ({
    group,
    reason: `${group}: the stage configuration maps alarms matching '${key}' to it`,
  }));
}

/** Namespaces whose `ServiceName` dimension is not an ECS service. */
const NON_ECS_SERVICE_NAMESPACES = /^AWS\/(?!ECS$)/;

function dimensionGroups(alarm: Alarm, notes: string[]): Candidate[] {
  const metric = alarm.metric;
  if (metric === null) return [];
  const dims = metric.dimensions;
  const from = (name: string) => `from the alarm's metric dimension ${name}=${dims[name]}`;
  const found: Candidate[] = [];

  const functionName = dims.FunctionName?.trim();
  if (functionName) {
    const group = `/aws/lambda/${functionName}`;
    found.push({ group, reason: `${group}: ${from('FunctionName')} (Lambda function log group)` });
  }

  const serviceName = dims.ServiceName?.trim();
  if (serviceName && !NON_ECS_SERVICE_NAMESPACES.test(metric.namespace)) {
    const group = `/ecs/${serviceName}`;
    const cluster = dims.ClusterName?.trim();
    const where = cluster ? ` in cluster ${cluster}` : '';
    found.push({ group, reason: `${group}: ${from('ServiceName')} (ECS service${where})` });
  }

  const service = dims.Service?.trim();
  if (service) {
    const group = `/ecs/${service}`;
    found.push({ group, reason: `${group}: ${from('Service')} (service log group)` });
  }

  const stage = dims.Stage?.trim();
  const apiId = dims.ApiId?.trim();
  const apiName = dims.ApiName?.trim();
  if (stage && apiId) {
    const group = `API-Gateway-Execution-Logs_${apiId}/${stage}`;
    found.push({
      group,
      reason: `${group}: ${from('ApiId')} and Stage=${stage} (API Gateway execution logs)`,
    });
  } else if (stage && apiName) {
    // REST API metrics carry the API's name, but its execution log group is named after its id.
    notes.push(
      `API ${apiName} (stage ${stage}): its execution log group API-Gateway-Execution-Logs_<rest-api-id>/${stage} ` +
        'is named after the API id, which the alarm does not carry; name it with --log-groups or the stage configuration.',
    );
  }

  const dbInstance = dims.DBInstanceIdentifier?.trim();
  if (dbInstance) {
    for (const kind of ['postgresql', 'error']) {
      const group = `/aws/rds/instance/${dbInstance}/${kind}`;
      found.push({ group, reason: `${group}: ${from('DBInstanceIdentifier')} (RDS ${kind} log)` });
    }
  }
  return found;
}
