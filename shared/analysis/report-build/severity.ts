import type { Severity } from '../../domain/severity.ts';
import type { Findings } from '../correlate/findings.ts';

const USER_FACING = new Set(['gateway', 'api', 'frontend']);

/** Severity from what the evidence shows of impact: who is down, whether users reach it, how far it spread. */
export function assessSeverity(f: Findings): { severity: Severity; reason: string } {
  if (f.inconclusive) {
    return {
      severity: 'P3',
      reason:
        'The alarm fired, but the logs show no new or spiking error that explains it; impact is unknown from the logs.',
    };
  }
  const down = f.affected.filter((a) => a.health === 'down');
  const userFacing = f.affected.filter((a) => USER_FACING.has(a.role));
  const n = f.affected.length;
  if (down.length > 0 && (userFacing.length > 0 || n >= 3)) {
    return {
      severity: 'P1',
      reason: `${names(down)} ${down.length === 1 ? 'is' : 'are'} down and ${userFacing.length > 0 ? `user-facing ${names(userFacing)} ${userFacing.length === 1 ? 'returns' : 'return'} errors` : `the failure reached ${n} services`}.`,
    };
  }
  if (down.length > 0)
    return {
      severity: 'P2',
      reason: `${names(down)} ${down.length === 1 ? 'is' : 'are'} down; no user-facing service shows errors.`,
    };
  if (userFacing.length > 0 && n >= 2) {
    return { severity: 'P2', reason: `${n} services degraded, including user-facing ${names(userFacing)}.` };
  }
  return { severity: 'P3', reason: `${names(f.affected)} degraded; no service is down.` };
}

function names(list: { service: string }[]): string {
  return list.map((a) => a.service).join(', ');
}
