/** An epoch-ms time as ISO-8601, or 'unknown' for a time that is not one. */
export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'unknown';
}
