import { describe, expect, it } from 'vitest';
import {
  computeIncidentId,
  fnv1a32,
  INCIDENT_ID_PATTERN,
  incidentIdSchema,
} from '../../../shared/domain/index.ts';

const ARN = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-gateway-error-rate';

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j like the reference implementation', (text, hash) => {
    expect(fnv1a32(text)).toBe(hash);
  });
});

describe('computeIncidentId', () => {
  it('is INC- and 8 lowercase hex digits', () => {
    expect(computeIncidentId(ARN, '2026-04-08T14:43:00.000+0000')).toMatch(INCIDENT_ID_PATTERN);
  });

  it('gives a re-delivered event the same id, whatever the offset notation', () => {
    const id = computeIncidentId(ARN, '2026-04-08T14:43:00.000+0000');

    expect(computeIncidentId(ARN, '2026-04-08T14:43:00.000+0000')).toBe(id);
    expect(computeIncidentId(ARN, '2026-04-08T14:43:00Z')).toBe(id);
    expect(id).toBe('INC-0a59a8a9');
  });

  it('differs for another state change or another alarm', () => {
    const id = computeIncidentId(ARN, '2026-04-08T14:43:00.000+0000');

    expect(computeIncidentId(ARN, '2026-04-08T14:44:00.000+0000')).not.toBe(id);
    expect(computeIncidentId(`${ARN}-2`, '2026-04-08T14:43:00.000+0000')).not.toBe(id);
  });
});

describe('incidentIdSchema', () => {
  it.each(['INC-0a59a8a9', 'INC-00000000'])('accepts %s', (id) => {
    expect(incidentIdSchema.safeParse(id).success).toBe(true);
  });

  it.each(['INC-7D1BF9FF', 'INC-0a59a8a', 'inc-0a59a8a9', 'INC-0a59a8a9x'])('rejects %s', (id) => {
    expect(incidentIdSchema.safeParse(id).success).toBe(false);
  });
});
