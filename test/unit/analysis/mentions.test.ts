import { describe, expect, it } from 'vitest';
import { mentionedServices } from '../../../shared/analysis/correlate/mentions.ts';

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
