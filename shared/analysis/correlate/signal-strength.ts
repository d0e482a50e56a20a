import type { FaultClass } from '../../domain/fault-class.ts';

/** A class needs a signal at least this specific to stand on its own, without a preceding change. */
export const SPECIFIC = 0.8;

/**
 * What a caller sees of a callee that does not answer (its timeouts, its refused connections): a
 * class a caller's words give that the callee's own state (its resource at its limit, its being a
 * cache) may explain. A server's error reply passed through by its client (Redis's OOM, a
 * database's error) says the server's fault in the server's words.
 */
export const SEEN_ACROSS_A_CALL: ReadonlySet<FaultClass> = new Set([
  'dependency_timeout',
  'network_connectivity',
]);
