import type { ChangeSummary, NarrativeInput, Platform } from '../../../shared/analysis/synthesis/index.ts';
import type { FaultClass } from '../../../shared/domain/fault-class.ts';

export const PLATFORMS: readonly Platform[] = ['kubernetes', 'ecs', 'lambda', 'ec2', 'unknown'];

/** d02: the v2.4.1 coupon cache leak that OOM-kills payment-service pods. */
export const d02: NarrativeInput = {
  faultClass: 'memory_exhaustion',
  rootService: 'payment-service',
  rootRole: 'api',
  platform: 'kubernetes',
  affected: [
    { service: 'payment-service', role: 'api' },
    { service: 'checkout-gateway', role: 'gateway' },
  ],
  trigger: {
    kind: 'deploy',
    service: 'payment-service',
    at: '2026-04-08T14:32:05.000Z',
    description: 'payment-service starting version=2.4.1 build=2026.04.08-1',
    version: '2.4.1',
  },
  signal: 'Container payment-service in pod <*> was OOMKilled (exit code <*>, memory limit <*>)',
  dependency: null,
  errorCount: 412,
  durationMinutes: 22,
};

/** d09: an alarm the logs do not explain. */
export const inconclusive: NarrativeInput = {
  faultClass: 'unknown',
  rootService: null,
  rootRole: 'unknown',
  platform: 'ecs',
  affected: [],
  trigger: null,
  signal: '',
  dependency: null,
  errorCount: 0,
  durationMinutes: 30,
};

type Case = Omit<NarrativeInput, 'platform' | 'trigger' | 'faultClass' | 'errorCount' | 'durationMinutes'>;

const api = (service: string) => ({ service, role: 'api' as const });

/** One realistic incident per class that names a cause, modelled on the scenario set. */
export const CASES: Readonly<Record<Exclude<FaultClass, 'unknown'>, Case>> = {
  memory_exhaustion: d02,
  cpu_saturation: {
    rootService: 'search-api',
    rootRole: 'api',
    affected: [api('search-api'), { service: 'web-gateway', role: 'gateway' }],
    signal: 'event loop lag <*>ms, cpu <*>% over <*>s',
    dependency: null,
  },
  disk_full: {
    rootService: 'accounts-db',
    rootRole: 'database',
    affected: [{ service: 'accounts-db', role: 'database' }, api('accounts-api')],
    signal: 'FATAL: could not write to file "pg_wal/xlogtemp.<*>": No space left on device',
    dependency: null,
  },
  connection_pool_exhaustion: {
    rootService: 'reconcile-job',
    rootRole: 'worker',
    affected: [
      { service: 'reconcile-job', role: 'worker' },
      { service: 'ledger-db', role: 'database' },
      api('ledger-api'),
    ],
    signal: 'open database connections: <*> (connections are not returned to the pool after batch)',
    dependency: 'ledger-db',
  },
  dependency_timeout: {
    rootService: 'inventory-api',
    rootRole: 'api',
    affected: [api('inventory-api'), api('orders-api')],
    signal: 'slow query stock_by_sku took <*>ms',
    dependency: 'inventory-db',
  },
  network_connectivity: {
    rootService: 'rabbitmq',
    rootRole: 'queue',
    affected: [
      { service: 'rabbitmq', role: 'queue' },
      api('order-publisher'),
      { service: 'fulfillment-worker', role: 'worker' },
    ],
    signal:
      "Mnesia(rabbit@mq-1): ** ERROR ** mnesia_event got {inconsistent_database, running_partitioned_network, 'rabbit@mq-2'}",
    dependency: null,
  },
  dns_failure: {
    rootService: 'notification-service',
    rootRole: 'worker',
    affected: [{ service: 'notification-service', role: 'worker' }],
    signal: 'getaddrinfo EAI_AGAIN <*>',
    dependency: 'smtp.mailer.internal',
  },
  tls_certificate: {
    rootService: 'partner-sync',
    rootRole: 'worker',
    affected: [{ service: 'partner-sync', role: 'worker' }],
    signal: 'x509: certificate has expired or is not yet valid: current time <*> is after <*>',
    dependency: 'api.partner.example',
  },
  throttling: {
    rootService: 'orders-writer',
    rootRole: 'worker',
    affected: [{ service: 'orders-writer', role: 'worker' }, api('orders-api')],
    signal:
      'ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded',
    dependency: 'orders-table',
  },
  permission_denied: {
    rootService: 'invoice-exporter',
    rootRole: 'worker',
    affected: [{ service: 'invoice-exporter', role: 'worker' }],
    signal: 'AccessDenied: User: <*> is not authorized to perform: s3:PutObject on resource: <*>',
    dependency: null,
  },
  bad_deployment: {
    rootService: 'catalog-api',
    rootRole: 'api',
    affected: [api('catalog-api'), { service: 'storefront', role: 'frontend' }],
    signal: "TypeError: Cannot read properties of undefined (reading 'price')",
    dependency: null,
  },
  config_error: {
    rootService: 'billing-api',
    rootRole: 'api',
    affected: [api('billing-api'), { service: 'web-gateway', role: 'gateway' }],
    signal: 'Error: Missing required environment variable STRIPE_WEBHOOK_SECRET',
    dependency: null,
  },
  crash_loop: {
    rootService: 'ingest-worker',
    rootRole: 'worker',
    affected: [{ service: 'ingest-worker', role: 'worker' }],
    signal: 'panic: runtime error: invalid memory address or nil pointer dereference',
    dependency: null,
  },
  database_lock: {
    rootService: 'orders-db',
    rootRole: 'database',
    affected: [{ service: 'orders-db', role: 'database' }, api('orders-api')],
    signal: 'ERROR: deadlock detected',
    dependency: null,
  },
  cache_failure: {
    rootService: 'session-cache',
    rootRole: 'cache',
    affected: [{ service: 'session-cache', role: 'cache' }, api('web-api')],
    signal: 'CLUSTERDOWN The cluster is down',
    dependency: null,
  },
  queue_backlog: {
    rootService: 'events-consumer',
    rootRole: 'worker',
    affected: [{ service: 'events-consumer', role: 'worker' }],
    signal: 'Offset commit failed on partition <*>: the group is rebalancing',
    dependency: null,
  },
  data_error: {
    rootService: 'reviews-api',
    rootRole: 'api',
    affected: [api('reviews-api'), { service: 'product-page', role: 'frontend' }],
    signal: 'served maintenance page for GET <*> (content-type text/html)',
    dependency: null,
  },
  other: {
    rootService: 'invoice-batch',
    rootRole: 'worker',
    affected: [{ service: 'invoice-batch', role: 'worker' }, api('billing-api')],
    signal: 'settle run <*> aborted at step reconcile',
    dependency: null,
  },
};

export const CLASSES = Object.keys(CASES) as Exclude<FaultClass, 'unknown'>[];

export function deployOf(service: string): ChangeSummary {
  return {
    kind: 'deploy',
    service,
    at: '2026-05-05T21:58:00.000Z',
    description: `${service} starting version=7.3.0`,
    version: '7.3.0',
  };
}

export function inputFor(
  faultClass: Exclude<FaultClass, 'unknown'>,
  platform: Platform,
  trigger: ChangeSummary | null = null,
): NarrativeInput {
  return { ...CASES[faultClass], faultClass, platform, trigger, errorCount: 137, durationMinutes: 18 };
}

/** Every service name an input holds (root, affected, dependency, trigger). */
export function namesIn(input: NarrativeInput): Set<string> {
  const names = new Set(input.affected.map((a) => a.service));
  if (input.rootService) names.add(input.rootService);
  if (input.dependency) names.add(input.dependency);
  if (input.trigger) names.add(input.trigger.service);
  return names;
}

/** Service names from other incidents: none may appear in a narrative whose input lacks them. */
export const DECOYS = [
  'payments-worker',
  'fashion-aura-api',
  'api-gateway',
  'redis-cache',
  'checkout-gateway',
  'payment-service',
];

/**
 * A tariff rebuild whose statements took a rates database its quote API and renewals need: the
 * origin's load spent the database, and the quote API's line is the one quoted.
 */
export const tariffLoad: NarrativeInput = {
  ...inputFor('cpu_saturation', 'ecs'),
  rootService: 'tariff-rebuild',
  rootRole: 'worker',
  affected: [
    { service: 'tariff-rebuild', role: 'worker' },
    { service: 'rates-db', role: 'database' },
    { service: 'quote-api', role: 'api' },
    { service: 'renewals', role: 'worker' },
  ],
  dependency: null,
  signal: 'GET /quotes/88 failed: query timed out after 3000 ms',
  signalService: 'quote-api',
  spent: 'rates-db',
  trigger: {
    kind: 'activity',
    service: 'tariff-rebuild',
    at: '2026-08-11T03:10:48.000Z',
    description: 'rebuild of all tariffs started',
  },
};

/** A PDF renderer's task, reserving no CPU, placed on the host of a quote API, which ran short of CPU. */
export const pdfNeighbour: NarrativeInput = {
  ...inputFor('cpu_saturation', 'ecs'),
  rootService: 'pdf-renderer',
  rootRole: 'worker',
  affected: [
    { service: 'pdf-renderer', role: 'worker' },
    { service: 'quote-api', role: 'api' },
    { service: 'web-front', role: 'gateway' },
  ],
  dependency: null,
  signal: 'event loop blocked for 1400 ms',
  signalService: 'quote-api',
  starved: 'quote-api',
  trigger: {
    kind: 'activity',
    service: 'pdf-renderer',
    at: '2026-08-11T03:11:00.000Z',
    description: 'rendering 40211 policy documents with 24 workers',
  },
};
