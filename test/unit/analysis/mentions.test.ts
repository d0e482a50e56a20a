import { describe, expect, it } from 'vitest';
import { mentionedServices, namesEndpointOf } from '../../../shared/analysis/correlate/mentions.ts';

const FLEET = ['fl-booking', 'fl-passenger', 'fl-payment', 'fl-cabin'];

describe('services a failing line names', () => {
  it('by the client class that calls them, their shared prefix and generic suffix set aside', () => {
    expect(
      mentionedServices('passenger list from PassengerClient does not match booking', FLEET, 'fl-booking'),
    ).toEqual([{ service: 'fl-passenger', weight: 0.5 }]);
    expect(
      mentionedServices(
        'menu fetch failed in MealsServiceClient.getAll',
        ['ts-meals-service', 'ts-order-service', 'ts-travel-service'],
        'ts-order-service',
      ),
    ).toEqual([{ service: 'ts-meals-service', weight: 0.5 }]);
    expect(
      mentionedServices(
        'seat map call failed: CabinLayoutGrpcStub deadline',
        ['cabin-layout', 'seats-web'],
        'seats-web',
      ),
    ).toEqual([{ service: 'cabin-layout', weight: 0.5 }]);
  });

  it('by their name written as an identifier (a database user, a module)', () => {
    const services = ['ledger-api', 'ledger-db', 'fx-feed'];
    expect(
      mentionedServices(
        '10.0.4.2(51322):ledger_api@books:[2211]:LOG:  duration: 812 ms',
        services,
        'ledger-db',
      ),
    ).toEqual([{ service: 'ledger-api', weight: 1 }]);
    // A longer identifier that only begins with a service's name still names it; one that only
    // ends with it does not.
    expect(mentionedServices('pool fx_feed_rates exhausted', services, 'ledger-db')).toEqual([
      { service: 'fx-feed', weight: 1 },
    ]);
    expect(mentionedServices('table old_ledger_api is empty', services, 'ledger-db')).toEqual([]);
  });

  it("not by a library's client class, nor the caller by its own", () => {
    expect(
      mentionedServices('WebClient request failed', ['web', 'checkout-api', 'api-gateway'], 'checkout-api'),
    ).toEqual([]);
    expect(mentionedServices('ApiClient returned 500', ['api-gateway', 'orders', 'users'], 'orders')).toEqual(
      [],
    );
    expect(mentionedServices('BookingClient retry exhausted', FLEET, 'fl-booking')).toEqual([]);
  });
});

describe('a resource that writes no logs, named by the endpoint its clients connect to', () => {
  it('is named by its own name or by its group as a host', () => {
    const line = 'cache write failed addr=basket-cache.q1w2e3.ng.0001.use1.cache.amazonaws.com:6379 OOM';
    expect(namesEndpointOf(line, 'basket-cache-001')).toBe(true);
    expect(namesEndpointOf('dial tcp basket-cache:6379: i/o timeout', 'basket-cache-002')).toBe(true);
    expect(namesEndpointOf('replica ledger-db-2 lagging', 'ledger-db-2')).toBe(true);
  });

  it('is not named by a longer name, a word in prose, or a too short group', () => {
    expect(namesEndpointOf('addr=old-basket-cache.q1w2e3.cache.amazonaws.com:6379', 'basket-cache-001')).toBe(
      false,
    );
    expect(namesEndpointOf('the basket-cache warmed up', 'basket-cache-001')).toBe(false);
    expect(namesEndpointOf('db.example.com:5432 refused', 'db-1')).toBe(false);
  });
});
