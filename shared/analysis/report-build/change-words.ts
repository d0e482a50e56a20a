import type { ChangeEvent } from '../correlate/changes/index.ts';
import { isNetworkChange } from '../correlate/changes/network-change.ts';

/** The change named in words (`configuration change to tariff-db`), as the synthesis names it. */
export function changeWords(change: ChangeEvent): string {
  switch (change.kind) {
    case 'activity':
      return `new activity in ${change.service}`;
    case 'config':
      return `configuration change to ${change.service}`;
    case 'policy':
      return `${isNetworkChange(change) ? 'network' : 'permission'} policy change for ${change.service}`;
    case 'scale':
      return `scaling change of ${change.service}`;
    default:
      return `${change.kind} of ${change.service}`;
  }
}
