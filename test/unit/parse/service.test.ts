import { describe, expect, it } from 'vitest';
import { serviceFromLogGroup, serviceFromPodName } from '../../../shared/analysis/parse/index.ts';

describe('serviceFromLogGroup', () => {
  it.each([
    ['/ecs/payments-worker', 'payments-worker'],
    ['/aws/lambda/orders-fn', 'orders-fn'],
    ['/eks/payments/checkout-gateway', 'checkout-gateway'],
    ['/aws/rds/instance/ledger-db/postgresql', 'ledger-db'],
    ['/aws/rds/cluster/x/postgresql', 'x'],
    ['/aws/rds/cluster/orders-aurora/error', 'orders-aurora'],
    ['/aws/OpenSearchService/domains/catalog-search/application-logs', 'catalog-search'],
    ['/aws/OpenSearchService/domains/catalog-search/search-logs', 'catalog-search'],
    ['/aws/aes/domains/tickets-es/index-logs', 'tickets-es'],
    ['/elasticache/carts-redis/slow-log', 'carts-redis'],
    ['/aws/elasticache/carts-redis/engine-log', 'carts-redis'],
    ['aws-cloudtrail-logs-123456789012-4f1b2c3d', 'cloudtrail'],
    ['CloudTrail/DefaultLogGroup', 'cloudtrail'],
    ['/k8s/default/db-certs-authenticator', 'db-certs-authenticator'],
    ['/k8s/ts-food-service', 'ts-food-service'],
    ['/aws/containerinsights/prod-cluster/application', 'prod-cluster'],
    ['/ecs/app', 'app'],
    ['/tidewater/prod/cart-web/nginx', 'cart-web'],
    ['/mesh/quotes/envoy', 'quotes'],
    ['/ecs/nginx', 'nginx'],
    ['billing-api', 'billing-api'],
    ['', 'unknown'],
    ['/', 'unknown'],
  ])('%s → %s', (group, service) => {
    expect(serviceFromLogGroup(group)).toBe(service);
  });
});

describe('serviceFromPodName', () => {
  it.each([
    ['checkout-gateway-7d9f8b6c5d-x2x9k', 'checkout-gateway'],
    ['payment-service-5c8f8-xj2p', 'payment-service'],
    ['payment-processor-n54bgndfkc-zjnt4', 'payment-processor'],
    ['db-certs-authenticator-757f89d977-795x7', 'db-certs-authenticator'],
    ['payment-service-5c8f8', 'payment-service'],
    ['fluent-bit-x2x9k', 'fluent-bit'],
    // The same reading as the metrics' pod names: a DaemonSet pod's digit-free suffix, a hash with
    // a digit before any suffix, a ReplicaSet's hash alone; a word after the name is the name's.
    ['log-shipper-nspqx', 'log-shipper'],
    ['search-indexer-5d8c7b9f6-abcde', 'search-indexer'],
    ['checkout-gateway-7d9f8b6c5d', 'checkout-gateway'],
    ['stock-redis', 'stock-redis'],
    ['order-queue', 'order-queue'],
    ['redis-master-0', 'redis-master'],
    ['payment-service', 'payment-service'],
    ['checkout-gateway-prod', 'checkout-gateway-prod'],
    ['ip-10-0-1-23.ec2.internal', 'ip-10-0-1-23.ec2.internal'],
  ])('%s → %s', (pod, service) => {
    expect(serviceFromPodName(pod)).toBe(service);
  });
});
