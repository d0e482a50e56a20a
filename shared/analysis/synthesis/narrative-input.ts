import type { FaultClass } from '../../domain/fault-class.ts';
import type { ServiceRole } from '../../domain/service-role.ts';

/** The platform the logs show the services running on; it decides which commands a fix gives. */
export type Platform = 'kubernetes' | 'ecs' | 'lambda' | 'ec2' | 'unknown';

/** A change that preceded the fault (deploy, restart with a new version, config reload, policy change). */
export interface ChangeSummary {
  kind: 'deploy' | 'restart' | 'config' | 'policy' | 'scale' | 'activity';
  service: string;
  /** ISO-8601 time of the change. */
  at: string;
  /** What changed, in words taken from the log line (e.g. "payment-service starting version=2.4.1"). */
  description: string;
  version?: string;
  /** A policy that decides what the service can reach over the network (a NetworkPolicy, a security group). */
  network?: true;
  /** A configuration change the service announced as reloading it. */
  reload?: true;
  /** A policy that applies to every workload of this Kubernetes namespace, not to the service that reported it. */
  namespace?: string;
}

/**
 * What the offline narrative (fixes, five whys, systemic root cause, counterfactual) is written
 * from: the deterministic findings, nothing else. Every name in it occurs in the logs.
 */
export interface NarrativeInput {
  faultClass: FaultClass;
  /** null when the analysis is inconclusive. */
  rootService: string | null;
  rootRole: ServiceRole;
  platform: Platform;
  /** Services whose behaviour changed, root first, in propagation order. */
  affected: { service: string; role: ServiceRole }[];
  /** The change that triggered the fault, if one precedes it. */
  trigger: ChangeSummary | null;
  /** The root cause's key error, as a real line (e.g. "Container api in pod api-7f9 was OOMKilled (exit code 137)"). */
  signal: string;
  /** The service that logged the signal, when it is not the root (a lock holder's waiters report its fault). */
  signalService?: string;
  /** The feature the root service's own lines name most (where to look first), with one such line. */
  feature?: { word: string; line: string };
  /** The resource the root's load spent (a database its statements took), when that is its fault. */
  spent?: string;
  /** The service whose host the root's task crowded, when that is its fault (a noisy neighbour). */
  starved?: string;
  /** The SQL engine of each database whose own lines are in the evidence (its log style says which). */
  engines?: Record<string, 'postgres' | 'mysql'>;
  /** A dependency the root service names in its errors (database, cache, broker, host), if any. */
  dependency: string | null;
  /** How many new error lines the incident window holds, and over how many minutes. */
  errorCount: number;
  durationMinutes: number;
}
