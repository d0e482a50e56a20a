export type { RedactionFinding } from './findings.ts';
export { REDACTION_KINDS, type RedactionKind } from './kinds.ts';
export { maskEvent, maskName, maskText } from './mask-event.ts';
export { containsSecret, type Redaction, redact } from './redact.ts';
export { type DeepRedaction, redactDeep } from './redact-deep.ts';
export { sealReport } from './seal-report.ts';
