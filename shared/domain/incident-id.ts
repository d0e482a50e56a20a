import * as z from 'zod';
import { normalizeTimestamp } from './timestamp.ts';

/** `INC-` + 8 lowercase hex digits (CONTRACT.md §2). */
export const INCIDENT_ID_PATTERN = /^INC-[0-9a-f]{8}$/;

export const incidentIdSchema = z.string().regex(INCIDENT_ID_PATTERN, {
  error: 'expected INC- followed by 8 lowercase hex digits, e.g. INC-1a2b3c4d',
});
export type IncidentId = z.infer<typeof incidentIdSchema>;

/** 32-bit FNV-1a over the UTF-8 bytes of `text`. Pure, deterministic; not a cryptographic hash. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The incident id of an alarm state change: deterministic from the alarm ARN and the state-change
 * time, so a re-delivered event gets the same id. The time is normalized first (`+0000` and `Z`
 * forms of one instant give one id).
 */
export function computeIncidentId(alarmArn: string, stateChangedAt: string): IncidentId {
  const at = normalizeTimestamp(stateChangedAt) ?? stateChangedAt;
  return `INC-${fnv1a32(`${alarmArn}\n${at}`).toString(16).padStart(8, '0')}`;
}
