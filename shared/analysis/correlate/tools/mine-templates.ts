import { type Collected, collectWindow } from '../../collect/index.ts';
import { withInstancesAsTheirService } from '../instance-hosts.ts';
import type { CorrelationTool } from './correlation-tool.ts';
import { mineTemplatesRecord } from './mine-templates-record.ts';

/** The window's log lines as templates per service, counted in the baseline and the incident window. */
export const mineTemplates: CorrelationTool<Collected> = {
  ...mineTemplatesRecord,
  run: ({ logs, defaults }) => withInstancesAsTheirService(collectWindow(logs, defaults)),
};
