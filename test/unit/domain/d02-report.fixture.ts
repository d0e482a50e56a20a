import type { Report } from '../../../shared/domain/index.ts';

/**
 * A complete, valid report for scenario d02 (coupon cache leak in payment-service v2.4.1, OOMKilled
 * pods, 503s at checkout-gateway). Evidence lines are quoted verbatim from that scenario's logs.
 * Returns a fresh object each call, so tests may mutate it.
 */
export function d02Report(): Report {
  return {
    schemaVersion: 1,
    incidentId: 'INC-0a59a8a9',
    title: 'Coupon cache leak after v2.4.1 rollout OOM-kills payment-service pods',
    executiveSummary:
      'payment-service v2.4.1 started at 14:32 and its heap grew with long GC pauses; from 14:44 all three ' +
      'pods were OOMKilled at the 256Mi limit and checkout-gateway answered /checkout/pay with 503 until the alarm fired.',
    severity: 'P1',
    severityReason: 'Checkout returned 503 for every payment request: a complete outage of a revenue path.',
    inconclusive: false,
    rootCause: {
      summary:
        'payment-service v2.4.1 leaks memory (the new coupon validation cache is never pruned) until pods hit their 256Mi limit and are OOMKilled.',
      service: 'payment-service',
      faultClass: 'memory_exhaustion',
      confidence: 0.86,
    },
    affectedServices: [
      {
        service: 'payment-service',
        role: 'api',
        health: 'down',
        impact:
          'All three pods OOMKilled (exit code 137); POST /payments exceeded its p99 budget before the kills.',
        firstSeen: '2026-04-08T14:34:00.869Z',
        errorCount: 3,
      },
      {
        service: 'checkout-gateway',
        role: 'gateway',
        health: 'degraded',
        impact: 'GET /checkout/pay answered 503 once no payment-service pod was ready.',
        firstSeen: '2026-04-08T14:47:00.054Z',
        errorCount: 180,
      },
    ],
    timeline: [
      {
        at: '2026-04-08T14:32:05.000Z',
        service: 'payment-service',
        level: 'INFO',
        title: 'payment-service v2.4.1 starts',
        detail: 'payment-service starting version=2.4.1 build=2026.04.08-1',
      },
      {
        at: '2026-04-08T14:34:00.869Z',
        service: 'payment-service',
        level: 'WARN',
        title: 'Heap pressure and long GC pauses begin',
        detail: 'heap usage 98749Ki of 262144Ki limit, gc pause 2298ms (new: absent from the baseline)',
      },
      {
        at: '2026-04-08T14:41:00.036Z',
        service: 'payment-service',
        level: 'WARN',
        title: 'POST /payments exceeds its p99 budget',
        detail: '90 slow requests, up to 4169ms against a 2500ms budget',
      },
      {
        at: '2026-04-08T14:44:00.000Z',
        service: 'payment-service',
        level: 'ERROR',
        title: 'Two pods OOMKilled',
        detail:
          'payment-service-5c8f8-xj2p and payment-service-5c8f8-qw9z OOMKilled (exit code 137, memory limit 256Mi)',
      },
      {
        at: '2026-04-08T14:46:00.000Z',
        service: 'payment-service',
        level: 'ERROR',
        title: 'Last pod OOMKilled under the full load',
        detail: 'payment-service-5c8f8-ab4c OOMKilled (exit code 137, memory limit 256Mi)',
      },
      {
        at: '2026-04-08T14:47:00.054Z',
        service: 'checkout-gateway',
        level: 'ERROR',
        title: 'checkout-gateway returns 503 on /checkout/pay',
        detail: '180 responses with status 503',
      },
    ],
    evidence: {
      lines: [
        {
          at: '2026-04-08T14:32:05.000Z',
          logGroup: '/eks/payments/payment-service',
          service: 'payment-service',
          level: 'INFO',
          text: '{"time":"2026-04-08T14:32:05.000Z","level":"info","service":"payment-service","msg":"payment-service starting version=2.4.1 build=2026.04.08-1"}',
        },
        {
          at: '2026-04-08T14:34:00.869Z',
          logGroup: '/eks/payments/payment-service',
          service: 'payment-service',
          level: 'WARN',
          text: '{"time":"2026-04-08T14:34:00.869Z","level":"warn","service":"payment-service","msg":"heap usage 98749Ki of 262144Ki limit, gc pause 2298ms"}',
        },
        {
          at: '2026-04-08T14:44:00.000Z',
          logGroup: '/eks/payments/events',
          service: 'payment-service',
          level: 'ERROR',
          text: 'Container payment-service in pod payment-service-5c8f8-xj2p was OOMKilled (exit code 137, memory limit 256Mi)',
        },
        {
          at: '2026-04-08T14:47:00.054Z',
          logGroup: '/eks/payments/checkout-gateway',
          service: 'checkout-gateway',
          level: 'ERROR',
          text: '10.0.1.249 - - [08/Apr/2026:14:47:00 +0000] "GET /checkout/pay HTTP/1.1" 503 42318 "-" "Mozilla/5.0" 0.0035',
        },
      ],
      patterns: [
        {
          template: 'heap usage <*>Ki of <*>Ki limit, gc pause <*>ms',
          count: 10,
          baselineCount: 0,
          services: ['payment-service'],
        },
        {
          template: 'POST /payments slow: <*>ms (p99 budget <*>ms)',
          count: 90,
          baselineCount: 0,
          services: ['payment-service'],
        },
        {
          template: 'Container <*> in pod <*> was OOMKilled (exit code <*>, memory limit <*>)',
          count: 3,
          baselineCount: 0,
          services: ['payment-service'],
        },
        {
          template: '<*> - - [<*>] "GET /checkout/pay HTTP/1.1" 503 <*> "-" "Mozilla/5.0" <*>',
          count: 180,
          baselineCount: 0,
          services: ['checkout-gateway'],
        },
      ],
    },
    forensics: {
      patientZero: {
        at: '2026-04-08T14:34:00.869Z',
        service: 'payment-service',
        level: 'WARN',
        text: '{"time":"2026-04-08T14:34:00.869Z","level":"warn","service":"payment-service","msg":"heap usage 98749Ki of 262144Ki limit, gc pause 2298ms"}',
      },
      propagationPath: ['payment-service', 'checkout-gateway'],
      blastRadius: [
        {
          kind: 'service',
          name: 'payment-service',
          role: 'api',
          impact: 'All pods OOMKilled; payments not processed.',
        },
        {
          kind: 'service',
          name: 'checkout-gateway',
          role: 'gateway',
          impact: 'Checkout payment requests answered 503.',
        },
        {
          kind: 'infrastructure',
          name: 'payment-service-5c8f8 pods',
          role: 'api',
          impact: '3 of 3 pods OOMKilled at the 256Mi memory limit.',
        },
      ],
      trigger: {
        hypothesis: 'The rollout of payment-service version 2.4.1 (build 2026.04.08-1) introduced the leak.',
        evidence:
          'payment-service starting version=2.4.1 at 14:32:05; heap warnings start 2 minutes later and never occur in the 32 minutes before.',
        confidence: 0.78,
      },
      mttdSeconds: 539,
    },
    fixRecommendations: [
      {
        rank: 1,
        title: 'Roll payment-service back to v2.4.0',
        rationale:
          'The leak arrived with v2.4.1; the previous version ran for 32 minutes without heap warnings.',
        action: 'Undo the rollout and wait until every pod is ready.',
        command:
          'kubectl rollout undo deployment/payment-service -n prod && kubectl rollout status deployment/payment-service -n prod',
      },
      {
        rank: 2,
        title: 'Bound or remove the coupon validation cache',
        rationale: 'A module-level cache that is never pruned grows with every coupon and user.',
        action:
          'Replace it with a size- and TTL-bounded cache (or a shared Redis cache with a TTL) before re-releasing.',
      },
      {
        rank: 3,
        title: 'Raise the memory limit and add a HorizontalPodAutoscaler',
        rationale:
          'A 256Mi limit left little headroom, and with no autoscaling each kill pushed more load onto the survivors.',
        action: 'Set requests 256Mi / limits 512Mi and scale out on memory utilisation.',
        command:
          'kubectl set resources deployment/payment-service -n prod --requests=memory=256Mi --limits=memory=512Mi',
      },
    ],
    fiveWhys: [
      {
        question: 'Why did checkout-gateway return 503 on /checkout/pay?',
        answer: 'No payment-service pod was ready to take requests.',
      },
      {
        question: 'Why was no payment-service pod ready?',
        answer: 'All three pods were OOMKilled at the 256Mi memory limit between 14:44 and 14:46.',
      },
      {
        question: 'Why did the pods run out of memory?',
        answer: 'v2.4.1 caches coupon validations in a module-level dictionary that is never pruned.',
      },
      {
        question: 'Why did an unbounded cache reach production?',
        answer: 'Neither review nor the rollout checked memory growth under production-like load.',
      },
      {
        question: 'Why did one leaking pod take the whole service down?',
        answer: 'Tight memory limits and no autoscaling let each kill overload the remaining pods.',
      },
    ],
    systemicRootCause:
      'Releases are not gated on resource behaviour: memory growth is neither load-tested nor watched during rollouts, and the payment namespace has no autoscaling headroom.',
    counterfactual:
      'A canary of v2.4.1 with a memory-growth alarm, or a bounded cache, would have stopped the rollout before the first OOM kill.',
    similarIncidents: [
      {
        incidentId: 'INC-7d1bf9ff',
        title: 'Memory exhaustion in payments-worker',
        similarity: 0.72,
        faultClass: 'memory_exhaustion',
        rootCause: 'payments-worker ran out of memory and was killed.',
        occurredAt: '2026-03-24T11:55:05.221Z',
      },
      {
        incidentId: 'INC-00c0ffee',
        title: 'Connection leak in ledger-worker exhausts the Postgres pool',
        similarity: 0.31,
        faultClass: 'connection_pool_exhaustion',
        rootCause: 'ledger-worker never returned connections to its pool.',
        occurredAt: '2026-02-02T09:36:00.000Z',
      },
    ],
    reasoningTrail: [
      {
        step: 1,
        kind: 'TOOL_CALL',
        title: 'Mine log templates, incident window vs baseline',
        detail: 'mine_patterns(window=14:32:05..14:49:59, baseline=14:00:00..14:32:05)',
        tool: 'mine_patterns',
      },
      {
        step: 2,
        kind: 'OBSERVATION',
        title: '4 new error templates, all absent from the baseline',
        detail: 'heap usage (10), POST /payments slow (90), OOMKilled (3), 503 on /checkout/pay (180)',
        tool: 'mine_patterns',
      },
      {
        step: 3,
        kind: 'THOUGHT',
        title: 'payment-service signals first; the gateway only reports it',
        detail:
          'payment-service heap warnings start at 14:34, 13 minutes before the first 503 at checkout-gateway.',
      },
      {
        step: 4,
        kind: 'DECISION',
        title: 'memory_exhaustion in payment-service, triggered by v2.4.1',
        detail:
          'OOMKilled with exit code 137 at the memory limit; the release precedes the first heap warning by 2 minutes.',
      },
    ],
    model: { provider: 'offline', modelId: 'incidentiq-offline-1' },
    quality: {
      grounded: true,
      checks: [
        {
          name: 'services named in the logs',
          passed: true,
          detail: 'payment-service, checkout-gateway occur in the input',
        },
        { name: 'evidence quoted verbatim', passed: true, detail: '4 of 4 lines found in the input' },
        { name: 'timeline in time order', passed: true, detail: '6 entries' },
      ],
    },
    stats: {
      linesScanned: 1345,
      linesUnparsed: 0,
      logGroups: ['/eks/payments/checkout-gateway', '/eks/payments/events', '/eks/payments/payment-service'],
      windowStart: '2026-04-08T14:00:00.146Z',
      windowEnd: '2026-04-08T14:49:59.194Z',
      durationMs: 412,
    },
    alarm: {
      name: 'checkout-gateway-error-rate',
      arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-gateway-error-rate',
      region: 'eu-west-1',
      account: '123456789012',
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [41 (2026-04-08T14:42)] was greater than or equal to the threshold (5) (minimum 1 datapoint for OK -> ALARM transition).',
      triggeredAt: '2026-04-08T14:43:00.000Z',
      metric: {
        namespace: 'AWS/ApplicationELB',
        name: 'HTTPCode_Target_5XX_Count',
        dimensions: { LoadBalancer: 'app/checkout/1a2b' },
        stat: 'Sum',
        period: 60,
      },
    },
  };
}
