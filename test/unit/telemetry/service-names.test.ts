import { describe, expect, it } from 'vitest';
import { ServiceNamer, serviceOfDimensions } from '../../../shared/analysis/telemetry/service-names.ts';

describe('service attribution', () => {
  it('reads the service from the dimension that names it', () => {
    expect(serviceOfDimensions({ ClusterName: 'prod', ServiceName: 'billing-api' })).toBe('billing-api');
    expect(serviceOfDimensions({ DBInstanceIdentifier: 'ledger-db' })).toBe('ledger-db');
    expect(serviceOfDimensions({ LoadBalancer: 'app/edge-alb/50dc6c495c0c9188' })).toBe('edge-alb');
    expect(serviceOfDimensions({ TargetGroup: 'targetgroup/web-tg/73e2d6bc24d8a067' })).toBe('web-tg');
    expect(serviceOfDimensions({ ClusterName: 'prod', NodeName: 'ip-10-0-1-5' })).toBeNull();
    // An ElastiCache node is named after its replication group, node group and node.
    expect(serviceOfDimensions({ CacheClusterId: 'carts-redis-0002-001' })).toBe('carts-redis');
    expect(serviceOfDimensions({ CacheClusterId: 'carts-redis-003' })).toBe('carts-redis');
    expect(serviceOfDimensions({ CacheClusterId: 'carts-redis' })).toBe('carts-redis');
  });

  it('maps pods with replica hashes and decorated names onto the log services', () => {
    const namer = new ServiceNamer(['billing-api', 'ledger-db']);
    expect(namer.resolve('billing-api-6c9f7d8b4-qz7xk')).toBe('billing-api');
    expect(namer.resolve('BILLING-API')).toBe('billing-api');
    expect(namer.resolve('prod-billing-api-2')).toBe('billing-api');
    expect(namer.resolve('ledger-db-replica-1')).toBe('ledger-db-replica-1');
  });

  it('keeps names it cannot match, without the pod hash', () => {
    const namer = new ServiceNamer([]);
    expect(namer.resolve('search-indexer-5d8c7b9f6-abcde')).toBe('search-indexer');
    expect(namer.resolve('search-indexer')).toBe('search-indexer');
    // A pod's own suffix is drawn from consonants and digits: a word after the name is the name's.
    expect(namer.resolve('stock-redis')).toBe('stock-redis');
    expect(namer.resolve('order-queue')).toBe('order-queue');
    expect(namer.resolve('log-shipper-x7kq2')).toBe('log-shipper');
    expect(namer.resolve('log-shipper-nspqx')).toBe('log-shipper');
  });
});
