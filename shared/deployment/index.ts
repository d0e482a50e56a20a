/**
 * The deployment contract: what the CDK stack and the running code must spell alike. Pure values,
 * no SDK, no I/O; `infra/` imports only this and the step list.
 */
export { AUTH_CALLBACK_PATH, AUTH_LOGOUT_PATH } from './console-paths.ts';
export { CONSOLE_AUTH_ENV, CONSOLE_KEY_ENV, ENV, type KeyPurpose } from './environment-names.ts';
export {
  INCIDENT_INDEXES,
  INCIDENT_KEY_ATTRIBUTES,
  INCIDENT_TABLE_SCHEMA,
  INCIDENT_TTL_ATTRIBUTE,
  type IncidentTableSchema,
  type TableKeyElement,
} from './incident-table.ts';
export {
  LOG_GROUPS_TAG,
  SPANS_LOG_GROUP,
  type StageLogGroups,
  stageLogGroupsSchema,
} from './log-groups.ts';
export { FAILED_STEP_DIMENSION, METRIC, type MetricName, MODEL_ID_DIMENSION } from './metric-names.ts';
export { DEFAULT_BEDROCK_MODEL_ID, TITAN_EMBED_MODEL } from './model-ids.ts';
