import { type AffectedFinding, affectedServices } from '../affected.ts';
import { originOf } from '../reading.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The services affected with the origin: their role, health and new error lines. */
export const blastRadius: CorrelationTool<AffectedFinding[]> = {
  name: 'blast_radius',
  description:
    'Lists the services affected with the origin, with their role, health and count of new error lines.',
  parameters: ({ suspects }) => ({ suspects: suspects.size }),
  run: (reading) => affectedServices(reading.suspects, originOf(reading).root),
  summarize: (list) =>
    list.map((a) => `${a.service} (${a.role}, ${a.health}, ${a.errorCount} new error lines)`).join('; '),
  keep(reading, affected) {
    reading.affected = affected ?? [];
    return 'continue';
  },
};
