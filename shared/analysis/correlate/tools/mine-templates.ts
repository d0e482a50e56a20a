import { type Collected, collectWindow } from '../../collect/index.ts';
import {
  attributeChanges,
  withRollouts,
  withScheduledCapacity,
  withTaskRevisions,
} from '../changes/index.ts';
import { withInstancesAsTheirService } from '../instance-hosts.ts';
import type { CorrelationTool } from './correlation-tool.ts';
import { mineTemplatesRecord } from './mine-templates-record.ts';

/**
 * The window's log lines as templates per service, counted in the baseline and the incident window;
 * and their change events as the correlation reads them (kept here, not in the record, which the
 * report of an alarm alone bundles without the change readers).
 */
export const mineTemplates: CorrelationTool<Collected> = {
  ...mineTemplatesRecord,
  run: ({ logs, defaults }) => withInstancesAsTheirService(collectWindow(logs, defaults)),
  keep(reading, collected) {
    const verdict = mineTemplatesRecord.keep(reading, collected);
    if (collected)
      reading.changes = attributeChanges(
        withScheduledCapacity(withTaskRevisions(withRollouts(collected.changes))),
        [...collected.services.keys()],
        (object) => servicesNaming(collected, object),
      );
    return verdict;
  },
};

/** The services whose own lines name an object (a secret's or a parameter's name), as written. */
function servicesNaming(collected: Collected, object: string): string[] {
  if (object.length < 6) return [];
  const needle = object.toLowerCase();
  const users = new Set<string>();
  for (const p of collected.patterns) {
    if (users.has(p.service)) continue;
    const text = `${p.template} ${p.firstRecord?.message.slice(0, 2000) ?? ''}`.toLowerCase();
    if (text.includes(needle)) users.add(p.service);
  }
  return [...users];
}
