import { type AffectedFinding, affectedServices } from '../affected.ts';
import type { ChangeEvent } from '../changes/index.ts';
import { originOf } from '../reading.ts';
import { serviceTraffic } from '../traffic.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The times of each service's releases and configuration changes (what someone decided, not a restart). */
function decidedChanges(changes: readonly ChangeEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const c of changes) {
    if (c.kind !== 'deploy' && c.kind !== 'config') continue;
    const list = out.get(c.service) ?? [];
    list.push(c.at);
    out.set(c.service, list);
  }
  return out;
}

/** The services affected with the origin: their role, health and new error lines. */
export const blastRadius: CorrelationTool<AffectedFinding[]> = {
  name: 'blast_radius',
  description:
    'Lists the services affected with the origin, with their role, health and count of new error lines; a few new sub-error lines that luck alone would put in the window do not count, nor does an episode that ended before the others began, nor new lines of a service unconnected to the others that followed its own release or configuration change.',
  parameters: ({ suspects, choice }) => ({ suspects: suspects.size, endedBefore: choice?.earlier ?? [] }),
  run: (reading) =>
    affectedServices(
      reading.suspects,
      originOf(reading).root,
      serviceTraffic(reading.collected.patterns),
      new Set(reading.choice?.earlier),
      decidedChanges(reading.changes),
    ),
  summarize: (list) =>
    list.map((a) => `${a.service} (${a.role}, ${a.health}, ${a.errorCount} new error lines)`).join('; '),
  keep(reading, affected) {
    reading.affected = affected ?? [];
    return 'continue';
  },
};
