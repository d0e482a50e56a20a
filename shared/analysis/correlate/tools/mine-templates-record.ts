import type { Collected } from '../../collect/model.ts';
import { ROUTINE_CHANGES_KEPT } from '../changes/change-keeper.ts';
import { iso } from '../iso.ts';
import type { ToolRecord } from './correlation-tool.ts';

/**
 * mine_templates but for its run (the parser and miner): the alarm-only analysis records it over
 * no lines without carrying them (see mine-templates.ts for the tool).
 */
export const mineTemplatesRecord: ToolRecord<Collected> = {
  name: 'mine_templates',
  description:
    "Parses the window's log lines and mines them into templates per service, counted in the baseline and the incident window.",
  parameters: ({ defaults }) => ({
    baselineStart: iso(defaults.baselineStart),
    incidentStart: iso(defaults.baselineEnd),
    incidentEnd: iso(defaults.incidentEnd),
  }),
  summarize: (c) =>
    `${c.linesScanned} lines scanned (${c.linesUnparsed} unparsed, ${c.outsideWindow} outside the windows), ${c.baselineLines} in the baseline and ${c.incidentLines} in the incident window, ${c.patterns.length} patterns over ${c.services.size} services.`,
  isEmpty: (c) => c.incidentLines === 0,
  keep(reading, collected) {
    if (!collected) return 'continue';
    reading.logsRead = true;
    reading.collected = collected;
    reading.windows = collected.windows;
    const { limitations } = reading;
    if (collected.windowNote) limitations.push(collected.windowNote);
    if (collected.changesDropped > 0) {
      limitations.push(
        `${collected.changesDropped} more repeated change line(s) (restarts, scaling, the same version starting again) were counted but not kept as change events (the earliest ${ROUTINE_CHANGES_KEPT} and the latest ${ROUTINE_CHANGES_KEPT} of each service and version are).`,
      );
    }
    if (collected.outsideWindow > 0) {
      limitations.push(
        `${collected.outsideWindow} line(s) fall outside the analysis windows and were not used.`,
      );
    }
    return 'continue';
  },
};
