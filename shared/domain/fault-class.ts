import * as z from 'zod';

/** The fault classes of CONTRACT.md §3 (`rootCause.faultClass`). */
export const FAULT_CLASSES = [
  'memory_exhaustion',
  'cpu_saturation',
  'disk_full',
  'connection_pool_exhaustion',
  'dependency_timeout',
  'network_connectivity',
  'dns_failure',
  'tls_certificate',
  'throttling',
  'permission_denied',
  'bad_deployment',
  'config_error',
  'crash_loop',
  'database_lock',
  'cache_failure',
  'queue_backlog',
  'data_error',
  'other',
  'unknown',
] as const;

export const faultClassSchema = z.enum(FAULT_CLASSES);
export type FaultClass = z.infer<typeof faultClassSchema>;

/** A short title-case name of each class, for headings and tables. */
export const FAULT_CLASS_LABELS: Readonly<Record<FaultClass, string>> = {
  memory_exhaustion: 'Memory exhaustion',
  cpu_saturation: 'CPU saturation',
  disk_full: 'Disk full',
  connection_pool_exhaustion: 'Connection pool exhaustion',
  dependency_timeout: 'Dependency timeout',
  network_connectivity: 'Network connectivity',
  dns_failure: 'DNS failure',
  tls_certificate: 'TLS certificate',
  throttling: 'Throttling',
  permission_denied: 'Permission denied',
  bad_deployment: 'Bad deployment',
  config_error: 'Configuration error',
  crash_loop: 'Crash loop',
  database_lock: 'Database lock',
  cache_failure: 'Cache failure',
  queue_backlog: 'Queue backlog',
  data_error: 'Data error',
  other: 'Other (see the summary)',
  unknown: 'Unknown',
};

/** One sentence per class: what it means, for renderers and prompts. */
export const FAULT_CLASS_DESCRIPTIONS: Readonly<Record<FaultClass, string>> = {
  memory_exhaustion:
    'A process ran out of memory and was killed or failed to allocate (OOMKilled, exit 137, heap out of memory).',
  cpu_saturation:
    'CPU was saturated or throttled, so work queued up (100% CPU, throttled periods, event-loop lag, GC thrash).',
  disk_full: 'A volume ran out of space (ENOSPC, no space left on device, disk watermark exceeded).',
  connection_pool_exhaustion: 'All connections of a pool were in use or leaked, so callers waited or failed.',
  dependency_timeout: 'Calls to a slow dependency timed out (read/connect timeouts, deadline exceeded, 504).',
  network_connectivity:
    'A peer could not be reached (connection refused or reset, no route to host, node down).',
  dns_failure: 'Host names could not be resolved (ENOTFOUND, EAI_AGAIN, no such host).',
  tls_certificate: 'TLS failed: an expired or untrusted certificate, or a handshake failure.',
  throttling:
    'A provider rejected requests for exceeding a rate or capacity limit (429, ThrottlingException).',
  permission_denied: 'A call was refused for lack of permission (AccessDenied, not authorized, 401/403).',
  bad_deployment: 'Errors began right after a new version started, with no more specific cause.',
  config_error: 'Configuration was missing or invalid (environment variable, secret, feature flag).',
  crash_loop: 'A process kept crashing and restarting (panics, uncaught exceptions, CrashLoopBackOff).',
  database_lock: 'Database transactions blocked each other (deadlock, lock wait timeout).',
  cache_failure: 'The cache was down or unusable (Redis/Memcached down, CLUSTERDOWN, READONLY, failover).',
  queue_backlog:
    'Consumers fell behind their queue (consumer lag, rebalancing, old messages, commit failures).',
  data_error: 'Malformed or unexpected data broke processing (schema or parse errors, wrong content type).',
  other:
    'The origin is clear (its own new failures came first and explain the symptoms) but the mechanism fits none of the classes; the summary says what was seen.',
  unknown: 'Nothing in the evidence explains the alarm.',
};
