import { propagationPath as path } from '../affected.ts';
import { originOf } from '../reading.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The order in which the failure spread from the origin through the affected services. */
export const propagationPath: CorrelationTool<string[]> = {
  name: 'propagation_path',
  description: 'Orders the affected services along the path the failure spread from the origin.',
  parameters: (reading) => ({ root: originOf(reading).root.service }),
  run: (reading) => path(originOf(reading).root, reading.affected),
  summarize: (services) => services.join(' -> '),
  keep(reading, services) {
    reading.propagation = services ?? [originOf(reading).root.service];
    return 'continue';
  },
};
