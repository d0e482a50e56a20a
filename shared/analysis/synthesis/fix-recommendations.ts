import type { FaultClass } from '../../domain/fault-class.ts';
import type { FixRecommendation } from '../../domain/fix-recommendation.ts';
import { buildContext, isInconclusive, sentence } from './context.ts';
import { type DraftFix, type FixBuilder, fixEnv } from './fix-draft.ts';
import { permissionFixes, throttlingFixes } from './fixes-access.ts';
import { badDeploymentFixes, configFixes, crashLoopFixes, dataErrorFixes } from './fixes-change.ts';
import { loadFixes } from './fixes-load.ts';
import { neighbourFixes } from './fixes-neighbour.ts';
import { dnsFixes, networkFixes, timeoutFixes, tlsFixes } from './fixes-network.ts';
import { otherFixes } from './fixes-other.ts';
import { cpuFixes, diskFixes, memoryFixes, poolFixes } from './fixes-resources.ts';
import { backlogFixes, cacheFixes, lockFixes } from './fixes-state.ts';
import { unknownFixes } from './fixes-unknown.ts';
import type { NarrativeInput } from './narrative-input.ts';
import { triggerRollback } from './trigger-rollback.ts';

export const MAX_FIXES = 5;

const BUILDERS: Readonly<Record<FaultClass, FixBuilder>> = {
  memory_exhaustion: memoryFixes,
  cpu_saturation: cpuFixes,
  disk_full: diskFixes,
  connection_pool_exhaustion: poolFixes,
  dependency_timeout: timeoutFixes,
  network_connectivity: networkFixes,
  dns_failure: dnsFixes,
  tls_certificate: tlsFixes,
  throttling: throttlingFixes,
  permission_denied: permissionFixes,
  bad_deployment: badDeploymentFixes,
  config_error: configFixes,
  crash_loop: crashLoopFixes,
  database_lock: lockFixes,
  cache_failure: cacheFixes,
  queue_backlog: backlogFixes,
  data_error: dataErrorFixes,
  other: otherFixes,
  unknown: unknownFixes,
};

/**
 * 3 to 5 ranked fixes for the fault class, with commands for the platform the logs show. When a
 * change triggered the fault, reverting it comes first; the class's own fixes follow (a load's
 * fixes, when the origin's load spent a database).
 */
export function fixRecommendations(input: NarrativeInput): FixRecommendation[] {
  const env = fixEnv(buildContext(input));
  const inconclusive = isInconclusive(input);
  // A load that spent a database, or a task that crowded another's host, is fixed where it comes
  // from, whatever the class it caused.
  const classFixes = inconclusive
    ? unknownFixes(env)
    : input.spent
      ? loadFixes(env, input.spent)
      : input.starved
        ? neighbourFixes(env, input.starved)
        : BUILDERS[input.faultClass](env);
  const rollback = inconclusive ? null : triggerRollback(env);
  const drafts: DraftFix[] = rollback ? [rollback, ...classFixes.filter((f) => !f.rollback)] : classFixes;
  const seen = new Set<string>();
  return drafts
    .filter((f) => !seen.has(f.title) && seen.add(f.title))
    .slice(0, MAX_FIXES)
    .map((f, i) => ({
      rank: i + 1,
      title: sentence(f.title),
      rationale: sentence(f.rationale),
      action: sentence(f.action),
      ...(f.command ? { command: f.command } : {}),
    }));
}
