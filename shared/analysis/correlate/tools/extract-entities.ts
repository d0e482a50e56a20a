import type { LogRecord } from '../../../domain/log-event.ts';
import type { Collected } from '../../collect/index.ts';
import { type Entities, extractEntities as extract } from '../entities.ts';
import { EMPTY_ENTITIES } from '../nothing-found.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The services, hosts, pods, versions and error codes the sampled lines name. */
export const extractEntities: CorrelationTool<Entities> = {
  name: 'extract_entities',
  description: 'Lists the services, hosts, pods, versions and error codes that the sampled log lines name.',
  parameters: ({ collected }) => ({ patterns: collected.patterns.length }),
  run: ({ collected }) => extract(samplesOf(collected), collected.services.keys()),
  summarize: (e) =>
    `${e.services.length} services (${e.services.join(', ')}); hosts: ${e.hosts.join(', ') || 'none'}; pods: ${e.pods.length}; versions: ${e.versions.join(', ') || 'none'}; error codes: ${e.errorCodes.join(', ') || 'none'}`,
  keep(reading, entities) {
    reading.entities = entities ?? EMPTY_ENTITIES;
    return 'continue';
  },
};

/** The sampled lines of every pattern and every change: what entity extraction reads. */
function samplesOf(collected: Collected): LogRecord[] {
  return [...collected.patterns.flatMap((p) => p.samples), ...collected.changes.map((c) => c.record)];
}
