import { describe, expect, it } from 'vitest';
import { fixRecommendations, type NarrativeInput } from '../../../shared/analysis/synthesis/index.ts';
import { fixRecommendationsSchema } from '../../../shared/domain/fix-recommendation.ts';
import {
  CLASSES,
  DECOYS,
  d02,
  deployOf,
  inconclusive,
  inputFor,
  namesIn,
  PLATFORMS,
  pdfNeighbour,
  tariffLoad,
} from './inputs.ts';

/** Where a command names a service, deployment, function, table or host: each must come from the input. */
const NAME_SLOTS = [
  /deployment\/([^\s<]\S*)/g,
  /deploy\/([^\s<]\S*)/g,
  /--services? ([^\s<]\S*)/g,
  /--service-name ([^\s<]\S*)/g,
  /--function-name ([^\s<]\S*)/g,
  /\/aws\/lambda\/([^\s<]\S*)/g,
  /--db-instance-identifier ([^\s<]\S*)/g,
  /--replication-group-id ([^\s<]\S*)/g,
  /--table-name ([^\s<]\S*)/g,
  /redis-cli -h ([^\s<]\S*)/g,
  /systemctl (?:restart|show|cat|set-property) ([^\s<]\S*)/g,
  /journalctl -u ([^\s<]\S*)/g,
  /-connect ([^\s<:]+)/g,
  /name: ([a-z][\w-]*)\}/g,
];

/** Parts of the platform itself (the cluster DNS), not services of the incident. */
const PLATFORM_COMPONENTS = new Set(['coredns']);

function namedInCommands(fixes: { command?: string }[]): string[] {
  return fixes.flatMap((f) =>
    NAME_SLOTS.flatMap((re) => [...(f.command ?? '').matchAll(re)].map((m) => m[1] ?? '')),
  );
}

const ALL_INPUTS: NarrativeInput[] = [
  inconclusive,
  ...CLASSES.flatMap((cls) =>
    PLATFORMS.flatMap((p) => {
      const root = inputFor(cls, p).rootService ?? 'x';
      return [inputFor(cls, p), inputFor(cls, p, deployOf(root))];
    }),
  ),
  ...PLATFORMS.map((platform) => ({ ...inconclusive, platform })),
];

describe('fixRecommendations', () => {
  it.each(ALL_INPUTS.map((input) => [`${input.faultClass} on ${input.platform}`, input] as const))(
    'gives 3 to 5 ranked fixes that pass the report schema: %s',
    (_name, input) => {
      const fixes = fixRecommendations(input);
      expect(fixRecommendationsSchema.safeParse(fixes).success).toBe(true);
      expect(fixes.length).toBeGreaterThanOrEqual(3);
      expect(fixes.length).toBeLessThanOrEqual(5);
      expect(fixes.map((f) => f.rank)).toEqual(fixes.map((_f, i) => i + 1));
      expect(new Set(fixes.map((f) => f.title)).size).toBe(fixes.length);
      for (const f of fixes) {
        const text = `${f.title} ${f.rationale} ${f.action} ${f.command ?? ''}`
          .replaceAll('/dev/null', '')
          .replace(/“[^”]*”/g, ''); // quoted log text may say anything
        expect(text).not.toMatch(/undefined|null|\[object|NaN/);
        expect(f.command === undefined || f.command.trim().length > 0).toBe(true);
      }
    },
  );

  it('gives commands only for the platform the logs show', () => {
    for (const input of ALL_INPUTS) {
      for (const f of fixRecommendations(input)) {
        const cmd = f.command ?? '';
        if (/\bkubectl\b/.test(cmd)) expect(input.platform).toBe('kubernetes');
        if (/\baws ecs\b|service-namespace ecs/.test(cmd)) expect(input.platform).toBe('ecs');
        if (/\baws lambda\b|\/aws\/lambda\//.test(cmd)) expect(input.platform).toBe('lambda');
        if (/\bsystemctl\b|\bjournalctl\b/.test(cmd)) expect(input.platform).toBe('ec2');
      }
    }
  });

  it.each([
    ['kubernetes', /^kubectl /m],
    ['ecs', /^aws ecs /m],
    ['lambda', /^aws lambda /m],
  ] as const)('uses the %s tooling for a fault in a deployed service', (platform, tool) => {
    for (const cls of [
      'memory_exhaustion',
      'cpu_saturation',
      'bad_deployment',
      'config_error',
      'crash_loop',
    ] as const) {
      const commands = fixRecommendations(inputFor(cls, platform)).map((f) => f.command ?? '');
      expect(
        commands.some((c) => tool.test(c)),
        `${cls} on ${platform}`,
      ).toBe(true);
    }
  });

  it('never names a service that is not in the input', () => {
    for (const input of ALL_INPUTS) {
      const fixes = fixRecommendations(input);
      const names = namesIn(input);
      for (const name of namedInCommands(fixes)) {
        if (!PLATFORM_COMPONENTS.has(name)) expect(names, `${input.faultClass}: ${name}`).toContain(name);
      }
      const text = JSON.stringify(fixes);
      for (const decoy of DECOYS.filter((d) => !names.has(d))) expect(text).not.toContain(decoy);
    }
  });

  it('makes the rollback of a triggering deploy fix #1, naming its version, and rolls back only once', () => {
    for (const cls of CLASSES) {
      for (const platform of PLATFORMS) {
        const input = inputFor(cls, platform);
        const fixes = fixRecommendations({ ...input, trigger: deployOf(input.rootService ?? '') });
        const first = fixes[0];
        expect(first?.title).toMatch(/^Roll back .* from version 7\.3\.0/);
        expect(first?.rationale).toContain('starting version=7.3.0');
        expect(fixes.filter((f) => /roll\b.*\bback/i.test(f.title))).toHaveLength(1);
      }
    }
  });

  it('rolls d02 back with kubectl, the way the post-mortem did', () => {
    const [first, ...rest] = fixRecommendations(d02);
    expect(first?.title).toBe('Roll back payment-service from version 2.4.1 to the previous release');
    expect(first?.command).toContain('kubectl rollout undo deployment/payment-service -n <namespace>');
    const text = rest.map((f) => `${f.title} ${f.action} ${f.command ?? ''}`).join('\n');
    expect(text).toMatch(/cache/);
    expect(text).toMatch(/--limits=memory=/);
    expect(text).toMatch(/HorizontalPodAutoscaler/);
  });

  it('reverts a configuration change and a policy change first', () => {
    const config = fixRecommendations({
      ...inputFor('config_error', 'ecs'),
      trigger: {
        kind: 'config',
        service: 'billing-api',
        at: '2026-10-10T10:29:00Z',
        description: 'billing-api task definition billing-api:42 registered',
      },
    });
    expect(config[0]?.title).toBe('Revert the configuration change to billing-api');
    expect(config[0]?.rationale).toContain('billing-api:42');
    expect(config[0]?.command).toContain(
      'aws ecs update-service --cluster <cluster> --service billing-api --task-definition <previous-task-definition>',
    );
    const policy = fixRecommendations({
      ...inputFor('permission_denied', 'lambda'),
      trigger: {
        kind: 'policy',
        service: 'invoice-exporter',
        at: '2026-10-10T10:29:00Z',
        description: 'PutRolePolicy invoice-exporter-role',
      },
    });
    expect(policy[0]?.command).toContain('aws iam set-default-policy-version');
  });

  it('rolls a Lambda function back through its alias', () => {
    const input = inputFor('crash_loop', 'lambda', deployOf('ingest-worker'));
    expect(fixRecommendations(input)[0]?.command).toBe(
      'aws lambda update-alias --function-name ingest-worker --name <alias> --function-version <previous-version>',
    );
  });

  it('speaks the language of the store: SQL, redis-cli, rabbitmqctl, DynamoDB', () => {
    const commands = (cls: (typeof CLASSES)[number], platform = 'ecs' as const) =>
      fixRecommendations(inputFor(cls, platform))
        .map((f) => f.command ?? '')
        .join('\n');
    expect(commands('disk_full')).toMatch(/pg_replication_slots/);
    expect(commands('disk_full')).toMatch(/--db-instance-identifier accounts-db/);
    expect(commands('connection_pool_exhaustion')).toMatch(/pg_stat_activity/);
    expect(commands('connection_pool_exhaustion')).toMatch(/idle_in_transaction_session_timeout/);
    expect(commands('dependency_timeout')).toMatch(/SELECT pid, state, query_start/);
    expect(commands('database_lock')).toMatch(/pg_blocking_pids/);
    expect(commands('database_lock')).toMatch(/pg_terminate_backend/);
    expect(commands('cache_failure')).toMatch(/redis-cli -h session-cache cluster info/);
    expect(commands('network_connectivity')).toMatch(/rabbitmqctl cluster_status/);
    expect(commands('throttling')).toMatch(/aws dynamodb update-table --table-name orders-table/);
    expect(commands('queue_backlog')).toMatch(/kafka-consumer-groups/);
    expect(commands('permission_denied')).toMatch(/--action-names s3:PutObject/);
    expect(commands('tls_certificate')).toMatch(/openssl s_client -connect api\.partner\.example:443/);
  });

  it('says who reports a lock the root holds, and whose work waits on it', () => {
    const holder: NarrativeInput = {
      ...inputFor('database_lock', 'ecs'),
      rootService: 'stock-reindexer',
      rootRole: 'worker',
      affected: [
        { service: 'stock-reindexer', role: 'worker' },
        { service: 'stock-api', role: 'api' },
        { service: 'orders-db', role: 'database' },
      ],
      signal: 'canceling statement due to lock timeout',
      signalService: 'stock-api',
    };
    const text = fixRecommendations(holder)
      .map((f) => f.rationale)
      .join('\n');
    expect(text).toContain('stock-api reports “canceling statement due to lock timeout”');
    expect(text).toContain('the waiting work of stock-api proceeds');
    expect(text).not.toContain('stock-reindexer reports');
  });

  it('fixes a load that spent a database where the load comes from, not by scaling it out', () => {
    const fixes = fixRecommendations(tariffLoad);
    expect(fixes.map((f) => f.title)).toEqual([
      'Pause the activity that began in tariff-rebuild before the fault',
      'See how much of rates-db tariff-rebuild takes',
      'Give tariff-rebuild a share of rates-db it cannot exceed',
      'Make quote-api and renewals fail fast when rates-db is slow',
    ]);
    expect(fixes[2]?.command).toContain('CONNECTION LIMIT');
    expect(fixes.map((f) => `${f.title} ${f.action} ${f.command ?? ''}`).join('\n')).not.toMatch(
      /scale|desired-count|replicas/i,
    );
  });

  it("bounds and moves a task that crowded another service's host, instead of scaling it out", () => {
    const fixes = fixRecommendations(pdfNeighbour);
    expect(fixes.map((f) => f.title)).toEqual([
      'Pause the activity that began in pdf-renderer before the fault',
      'Give pdf-renderer a CPU reservation and limit',
      'Keep pdf-renderer off the hosts of quote-api',
      'Move quote-api off the crowded host',
    ]);
    expect(fixes[3]?.command).toContain('--service quote-api --force-new-deployment');
    expect(fixes.map((f) => `${f.title} ${f.action}`).join('\n')).not.toMatch(/scale|autoscal|replicas/i);
  });

  it('finds the database among the affected services when no dependency is named', () => {
    const input = {
      ...inputFor('connection_pool_exhaustion', 'ecs'),
      dependency: null,
      affected: [
        { service: 'reconcile-job', role: 'worker' as const },
        { service: 'ledger-db', role: 'unknown' as const },
        { service: 'ledger-api', role: 'api' as const },
      ],
    };
    const fixes = fixRecommendations(input);
    expect(fixes[0]?.title).toBe('Release the connections reconcile-job holds on ledger-db');
    expect(fixes[0]?.rationale).toContain('the other clients of ledger-db (ledger-api)');
  });

  it('names no leaking client when the database itself is at its connection limit', () => {
    const input = {
      ...inputFor('connection_pool_exhaustion', 'ecs'),
      rootService: 'ledger-db',
      rootRole: 'database' as const,
      dependency: null,
      affected: [
        { service: 'ledger-db', role: 'database' as const },
        { service: 'reconcile-job', role: 'worker' as const },
        { service: 'ledger-api', role: 'api' as const },
      ],
    };
    const fixes = fixRecommendations(input);
    const release = fixes.find((f) => f.title.startsWith('Release the connections'));
    expect(release?.title).toBe('Release the connections the client services hold on ledger-db');
    expect(release?.rationale).toContain('every connection ledger-db allows is taken');
    expect(release?.rationale).not.toContain('not given back');
  });

  it('tells the clients of a table at its limit to back off, and applies a reverted setting to the table', () => {
    const input = {
      ...inputFor('throttling', 'lambda', {
        kind: 'config' as const,
        service: 'seat-holds',
        at: '2026-05-05T21:58:00.000Z',
        description: 'dynamodb:UpdateTable tableName=seat-holds (writeCapacityUnits=100)',
      }),
      rootService: 'seat-holds',
      rootRole: 'database' as const,
      dependency: null,
      signal: 'AWS/DynamoDB WriteThrottleEvents Sum median 0 -> 31',
      affected: [
        { service: 'seat-holds', role: 'database' as const },
        { service: 'hold-writer', role: 'api' as const },
      ],
    };
    const fixes = fixRecommendations(input);
    const titles = fixes.map((f) => f.title);
    expect(titles).toContain('Retry throttled calls from hold-writer with backoff and jitter');
    expect(titles).toContain('Give seat-holds the capacity its traffic needs');
    expect(titles.join('\n')).not.toContain('calls from seat-holds');
    expect(fixes[0]?.action).toContain('apply it to seat-holds');
    expect(fixes[0]?.command ?? '').not.toContain('aws lambda');
  });

  it('reverts a network policy as a network policy, not as an IAM policy version', () => {
    const input = inputFor('network_connectivity', 'kubernetes', {
      kind: 'policy',
      service: 'route-finder',
      at: '2026-05-05T21:58:00.000Z',
      description:
        'create NetworkPolicy logistics/logistics-lockdown by system:serviceaccount:argocd:argocd-application-controller',
      network: true,
    });
    const first = fixRecommendations({ ...input, rootService: 'route-finder' })[0];
    expect(first?.title).toBe('Revert the network policy change for route-finder');
    expect(first?.command).toContain('kubectl get networkpolicy logistics-lockdown -n logistics');
    expect(first?.command ?? '').not.toContain('aws iam');
  });

  it("reverts a namespace-wide mesh policy by its namespace, with Istio's resource in the command", () => {
    const input = inputFor('network_connectivity', 'kubernetes', {
      kind: 'policy',
      service: 'argocd-application-controller',
      at: '2026-05-05T21:58:00.000Z',
      description: 'PeerAuthentication tenancy/default applied',
      network: true,
      namespace: 'tenancy',
    });
    const first = fixRecommendations({ ...input, rootService: 'quota-svc' })[0];
    expect(first?.title).toBe('Revert the network policy change for namespace tenancy');
    expect(first?.command).toContain('kubectl get peerauthentication default -n tenancy -o yaml');
    expect(first?.action).not.toContain('argocd-application-controller');
  });

  it('sends no service commands to a managed database', () => {
    for (const input of PLATFORMS.flatMap((p) => [
      inputFor('disk_full', p),
      inputFor('disk_full', p, deployOf('accounts-db')),
    ])) {
      const commands = fixRecommendations(input).map((f) => f.command ?? '');
      expect(commands.join('\n')).not.toMatch(
        /deployment\/accounts-db|--service accounts-db|--function-name accounts-db/,
      );
    }
  });

  it('gives investigative next steps, not a guessed fix, when the analysis is inconclusive', () => {
    const fixes = fixRecommendations(inconclusive);
    expect(fixes.map((f) => f.title).join('\n')).toMatch(/alarm/);
    expect(fixes.some((f) => f.command?.includes('describe-alarm-history'))).toBe(true);
    expect(fixes.some((f) => /roll\b.*\bback/i.test(f.title))).toBe(false);
    const withChange = fixRecommendations({
      ...inconclusive,
      platform: 'kubernetes',
      trigger: deployOf('orders-api'),
    });
    expect(withChange.some((f) => f.title.includes('orders-api version 7.3.0'))).toBe(true);
  });
});
