/**
 * Which of `owners` collectors owns a parsed line of logs.jsonl: the one its log stream (logGroup
 * + logStream) hashes to, so every event of a stream is collected by one owner, in file order (its
 * multi-line records are folded there). A value that is no event (not an object, no logGroup)
 * goes to owner 0, which only has to count it as rejected. The line is read with JSON.parse: a
 * hand-written scan of the top-level keys measured no faster on CloudWatch events.
 */
export function ownerOf(value: unknown, owners: number): number {
  if (owners <= 1 || typeof value !== 'object' || value === null) return 0;
  const { logGroup, logStream } = value as { logGroup?: unknown; logStream?: unknown };
  if (typeof logGroup !== 'string' || logGroup === '') return 0;
  return streamHash(logGroup, typeof logStream === 'string' ? logStream : undefined) % owners;
}

/** The FNV-1a hash of `logGroup \0 logStream` (an absent stream as ''): the workflow's shard hash. */
export function streamHash(logGroup: string, logStream: string | undefined): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < logGroup.length; i++) {
    h ^= logGroup.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h = Math.imul(h, 0x01000193) >>> 0; // the \u0000 between them: h ^= 0 leaves h as it is
  const stream = logStream ?? '';
  for (let i = 0; i < stream.length; i++) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
