import type { ChangeEvent } from '../correlate/changes/index.ts';
import { isNetworkChange } from '../correlate/changes/network-change.ts';
import { isReload } from '../correlate/changes/reload.ts';
import { changeWords as changeSummaryWords } from '../synthesis/context.ts';

/** A detected change named in words (`configuration change to tariff-db`), as the synthesis names it. */
export function changeWords(change: ChangeEvent): string {
  return changeSummaryWords({
    kind: change.kind,
    service: change.service,
    network: isNetworkChange(change) || undefined,
    reload: isReload(change) || undefined,
  });
}
