import type { ChangeEvent } from './detect-change.ts';

/** A process saying it reloads its configuration: CoreDNS's reload plugin, nginx, systemd, a SIGHUP handler. */
const RELOAD = /\breload(?:s|ed|ing)?\b|\bSIGHUP\b/i;

/**
 * A configuration change seen as the service reloading it: named so ("configuration reload of
 * coredns"), which says more than a change does. No parser behind it, like network-change.ts.
 */
export function isReload(change: Pick<ChangeEvent, 'kind' | 'description'>): boolean {
  return change.kind === 'config' && RELOAD.test(change.description.slice(0, 300));
}
