import type { FaultClass } from '../../domain/fault-class.ts';
import type { NarrativeInput } from './narrative-input.ts';
import { permissionStory, throttlingStory } from './stories-access.ts';
import { badDeploymentStory, configStory, crashLoopStory, dataErrorStory } from './stories-change.ts';
import { loadStory } from './stories-load.ts';
import { neighbourStory } from './stories-neighbour.ts';
import { dnsStory, networkStory, timeoutStory, tlsStory } from './stories-network.ts';
import { otherStory } from './stories-other.ts';
import { cpuStory, diskStory, memoryStory, poolStory } from './stories-resources.ts';
import { backlogStory, cacheStory, lockStory } from './stories-state.ts';
import type { ClassStory } from './story.ts';

/** The story of each class that names a cause (`unknown` is told by inconclusive.ts). */
export const STORIES: Readonly<Record<Exclude<FaultClass, 'unknown'>, ClassStory>> = {
  memory_exhaustion: memoryStory,
  cpu_saturation: cpuStory,
  disk_full: diskStory,
  connection_pool_exhaustion: poolStory,
  dependency_timeout: timeoutStory,
  network_connectivity: networkStory,
  dns_failure: dnsStory,
  tls_certificate: tlsStory,
  throttling: throttlingStory,
  permission_denied: permissionStory,
  bad_deployment: badDeploymentStory,
  config_error: configStory,
  crash_loop: crashLoopStory,
  database_lock: lockStory,
  cache_failure: cacheStory,
  queue_backlog: backlogStory,
  data_error: dataErrorStory,
  other: otherStory,
};

/**
 * The story of a conclusive input: a load's, when the origin's load spent a database; a
 * neighbour's, when its task crowded another's host; else its class's.
 */
export function storyOf(input: NarrativeInput, faultClass: Exclude<FaultClass, 'unknown'>): ClassStory {
  if (input.spent) return loadStory;
  if (input.starved) return neighbourStory;
  return STORIES[faultClass];
}
