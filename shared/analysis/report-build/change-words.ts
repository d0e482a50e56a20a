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
    namespace: wholeNamespace(change),
  });
}

/** The namespace a policy applies to as a whole, when it does. */
export function wholeNamespace(change: ChangeEvent): string | undefined {
  return change.target?.wholeNamespace ? change.target.namespace : undefined;
}
